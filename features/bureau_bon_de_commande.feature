# language: fr
@navigateur
Fonctionnalité: Créer le bon de commande Spoticar / DS Certified dans PVO²
  Vérifier le code RRDI Spoticar dans les Paramètres, renseigner le label et le niveau de
  garantie sur la fiche du véhicule, générer le bon de commande, le clôturer avec la date de
  livraison, puis imprimer le bon de commande SPOTICAR.

  Contexte:
    Soit le vendeur "hakim.ab" connecté à PVO²

  Scénario: Pré-requis : le code RRDI Spoticar dans la fiche d'identité du site
    Quand il ouvre la fiche d'identité du site depuis les Paramètres
    Alors le champ "Code RRDI" de PVO² affiche "953617Z"
    Et le champ "Libellé *" de PVO² affiche "DEMO CDDS SPOTICAR"
    Et le champ "SIRET *" de PVO² affiche "00000000000018"

  Scénario: Un SIRET mal écrit est signalé à côté du champ
    Quand il ouvre la fiche d'identité du site depuis les Paramètres
    Et il renseigne "SIRET *" avec "12345678901234"
    Et il clique sur "Enregistrer"
    Alors le champ "SIRET *" de PVO² est signalé avec "Le SIRET doit compter 14 chiffres valides (clé de Luhn)"
    Et le champ "SIRET *" de PVO² affiche "12345678901234"

  Scénario: Le label et le niveau de garantie sont indispensables
    Quand il ouvre "Vente Dupont" depuis les offres et bons de commande
    Et il clique sur "Générer le bon de commande" de l'offre
    Alors PVO² affiche "Attention : Il est indispensable de sélectionner sur la fiche du véhicule le Label Spoticar ou DS Certified et le niveau de garantie souhaitée."

  Scénario: Générer puis clôturer le bon de commande
    Quand il ouvre "Vente Dupont" depuis les offres et bons de commande
    Et il choisit sur la fiche du véhicule le label "SPOTICAR" et la garantie "Spoticar-Essential 6 mois"
    Et il clique sur "Générer le bon de commande" de l'offre
    Alors PVO² confirme "Le bon de commande n°7414201 est généré."
    Et la commande "7414201" n'apparaît pas dans les Livraisons
    Quand il ouvre "BDC n°7414201" depuis les offres et bons de commande
    Et il clôture le bon de commande avec la date de livraison du jour
    Alors la commande "7414201" apparaît dans les Livraisons

  Plan du Scénario: Une date de livraison mal écrite
    Quand il ouvre "BDC n°7400056" depuis les offres et bons de commande
    Et il clôture le bon de commande avec la date de livraison "<date>"
    Alors le champ "Livraison prévue le" de PVO² est signalé avec "<message>"
    Et le champ "Livraison prévue le" de PVO² affiche "<date>"
    Et la commande "7400056" n'apparaît pas dans les Livraisons

    Exemples:
      | date       | message                                                                    |
      | 1er déc.   | Ce champ doit être une date au format JJ/MM/AAAA (ex. 01/12/2021)          |
      | 31/02/2022 | Le 31/02/2022 n'existe pas dans le calendrier : vérifiez le jour et le mois |

  Scénario: Imprimer le bon de commande SPOTICAR
    Quand il ouvre la commande "7414502" depuis les Livraisons
    Et il imprime le document "Bon de commande à particulier SPOTICAR-PEUGEOT"
    Alors PVO² donne le PDF du bon de commande "7414502"
    Et le PDF montre "NOM/Prénom ou Raison Sociale : M. TEST2 TEST2"
    Et le PDF montre "N° d'immatriculation : FY-544-EW"
