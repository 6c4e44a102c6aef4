# language: fr
@api
Fonctionnalité: Création du bon de commande Spoticar / DS Certified
  Créer une offre à particulier, générer le bon de commande, le clôturer avec la date de
  livraison, puis imprimer le bon de commande SPOTICAR.

  Scénario: Offre à particulier : prix TTC, TVA 20 % et total HT
    Soit le bon de commande "7414134" de PVO²
    Alors le prix total du véhicule est "15 000,00 €" TTC
    Et le total HT est "12 500,00 €"
    Et l'offre est valable du "01/12/2021" au "08/12/2021"

  Scénario: Générer le bon de commande
    Soit le bon de commande "7414134" de PVO²
    Quand le vendeur clique sur "Générer le bon de commande"
    Alors le bon de commande est généré, non clôturé

  Scénario: Le label est indispensable
    Soit le bon de commande "7414134" de PVO²
    Et le véhicule n'a pas de label constructeur
    Quand le vendeur clique sur "Générer le bon de commande"
    Alors PVO² refuse avec le message "Le véhicule CC-333-CC n'a pas de label constructeur Spoticar ou DS Certified. Il est indispensable de sélectionner sur la fiche du véhicule le Label Spoticar ou DS Certified et le niveau de garantie souhaitée."

  Scénario: Le niveau de garantie est indispensable
    Soit le bon de commande "7414134" de PVO²
    Et le véhicule n'a pas de niveau de garantie
    Quand le vendeur clique sur "Générer le bon de commande"
    Alors PVO² refuse avec un message contenant "Il est indispensable de sélectionner sur la fiche du véhicule le Label Spoticar ou DS Certified et le niveau de garantie souhaitée."

  Scénario: Clôturer avec la date de livraison
    Soit le bon de commande "7400056" de PVO²
    Alors le bon de commande n'apparaît pas dans les Livraisons
    Quand le vendeur renseigne la date de livraison "07/12/2021" et clique sur "Clôturer"
    Alors le bon de commande est clôturé
    Et il apparaît dans les Livraisons

  Scénario: Déclarer un bon de commande non clôturé
    Soit le bon de commande "7400056" de PVO²
    Quand le vendeur choisit le garantisseur "Déclaration de garantie Spoticar" et clique sur "Déclarer"
    Alors PVO² refuse avec le message "Le bon de commande n°7400056 n'est pas clôturé : complétez les informations de livraison (la date à minima) puis cliquez sur Clôturer avant de déclarer la garantie."

  Plan du Scénario: Imprimer le bon de commande SPOTICAR de chaque marque
    Soit le bon de commande "<bdc>" de PVO²
    Et la marque du véhicule est "<marque>"
    Quand le vendeur imprime le bon de commande
    Alors le document "<document>" est sélectionné
    Et le bon de commande imprimé contient les blocs "CONCESSIONNAIRE/REPARATEUR AGREE/AGENT", "CLIENT" et "VEHICULE"
    Et le PDF du bon de commande porte son numéro dans son titre et contient le VIN

    Exemples:
      | bdc     | marque  | document                                         |
      | 7414502 | PEUGEOT | Bon de commande à particulier SPOTICAR-PEUGEOT   |
      | 7414502 | CITROËN | Bon de commande à particulier SPOTICAR-CITROËN   |
      | 7414134 | DS      | Bon de commande à particulier SPOTICARD'S        |
      | 7414502 | OPEL    | Bon de commande à particulier SPOTICAR-OPEL      |
      | 7413980 | DS      | Bon de Commande à Particulier DS CERTIFIED       |
      | 7415201 | ALFA ROMEO | Bon de Commande à Particulier ALFA ROMEO CERTIFIED |
