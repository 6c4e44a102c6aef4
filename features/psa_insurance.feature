# language: fr
@api
Fonctionnalité: Déclaration PSA Insurance
  Le garantisseur « Déclaration PSA Insurance » transmet la vente à PSA Assurance (Guidewire) :
  le client devient titulaire d'un compte, le véhicule est tarifé puis assuré, et PSA Assurance
  donne le numéro de police.

  Scénario: Un bon de commande du tutoriel devient une police PSA Assurance
    Soit le bon de commande "peugeot-208" de PVO²
    Et l'email du client est "jean.dupond@example.fr"
    Quand le vendeur déclare le bon de commande avec le garantisseur "Déclaration PSA Insurance"
    Alors PSA Assurance émet une police dont le numéro commence par "PSAVO"
    Et la police est retrouvée chez PSA Assurance avec le VIN du véhicule
    Et la prime est de "180,00 €"

  Scénario: PSA Assurance refuse un client
    Soit le bon de commande "peugeot-208" de PVO²
    Et l'email du client est "jean.dupond@example.fr"
    Et le nom du client est "REFUS"
    Quand le vendeur déclare le bon de commande avec le garantisseur "Déclaration PSA Insurance"
    Alors PSA Assurance refuse avec un message commençant par "PSA Assurance refuse d'assurer ce véhicule"
    Et aucune police n'est émise

  Scénario: PSA Assurance a besoin de l'email du client
    Soit le bon de commande "peugeot-208" de PVO²
    Quand le vendeur déclare le bon de commande avec le garantisseur "Déclaration PSA Insurance"
    Alors PSA Assurance n'est pas contacté et PVO² affiche "L'email du client est nécessaire à PSA Assurance : complétez la fiche client dans PVO²."

  Scénario: Sans le garantisseur PSA Insurance dans la liste
    Soit le bon de commande "peugeot-208" de PVO²
    Et la liste Garantisseur du site ne contient que "Déclaration de garantie Spoticar"
    Quand le vendeur déclare le bon de commande avec le garantisseur "Déclaration PSA Insurance"
    Alors PSA Assurance n'est pas contacté et PVO² affiche "Le garantisseur « Déclaration PSA Insurance » n'existe pas dans la liste Garantisseur du site DEMO CDDS SPOTICAR : merci de contacter le support PVO² au 09.77.55.04.17."
