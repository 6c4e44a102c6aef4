# language: fr
Fonctionnalité: Erreurs signalées par les distributeurs
  Le support rejoue ce qu'un distributeur a envoyé (fixtures/cases/) et voit exactement ce que
  le distributeur a vu : le même message, au même endroit.

  @api
  Plan du Scénario: <ticket> : <titre>
    Soit le cas support "<cas>"
    Quand le support rejoue le cas dans le sandbox
    Alors le sandbox montre ce que le distributeur a signalé

    Exemples:
      | cas | ticket | titre |
      | sup-001-champs-obligatoires | SUP-001 | Type véhicule et immatriculation non renseignés |
      | sup-002-vin-mal-forme | SUP-002 | VIN saisi avec la lettre O à la place du zéro |
      | sup-003-profil-jamais-configure | SUP-003 | Première déclaration : renvoyé sur la page Profil |
      | sup-004-cirano-sans-identifiant | SUP-004 | Garantie Cirano cochée sans identifiant Cirano |
      | sup-005-bdc-non-cloture | SUP-005 | Déclaration d'un bon de commande sans date de livraison |
      | sup-006-label-manquant | SUP-006 | Label Spoticar non sélectionné sur la fiche du véhicule |
      | sup-007-vehicule-non-eligible | SUP-007 | Garantie Premium refusée par Icare : kilométrage trop élevé |
      | sup-008-icare-indisponible | SUP-008 | Contrat en attente : Icare ne répondait pas |
      | sup-009-declare-deux-fois | SUP-009 | Le même véhicule déclaré deux fois |
      | sup-010-plugin-absent | SUP-010 | Le garantisseur Spoticar n'apparaît pas dans la liste |

  @navigateur
  Scénario: La capture d'écran pour le ticket montre le bandeau du formulaire
    Soit le cas support "sup-001-champs-obligatoires"
    Quand le support rejoue le cas avec une capture d'écran
    Alors la capture d'écran est enregistrée
    Et l'écran montrait "Le champ type véhicule est obligatoire"
    Et l'écran montrait "Le champ immatriculation est obligatoire"

  @navigateur
  Scénario: La capture d'écran d'un cas arrêté dans PVO² montre le bureau PVO²
    Soit le cas support "sup-006-label-manquant"
    Quand le support rejoue le cas avec une capture d'écran
    Alors la capture d'écran est enregistrée
    Et la capture d'écran montre le bureau PVO²
    Et l'écran montrait "Le véhicule AA-000-AA n'a pas de label constructeur Spoticar ou DS Certified. Il est indispensable de sélectionner sur la fiche du véhicule le Label Spoticar ou DS Certified et le niveau de garantie souhaitée."
