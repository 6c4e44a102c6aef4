# language: fr
@navigateur
Fonctionnalité: Champs obligatoires du formulaire de déclaration
  Si un champ obligatoire n'est pas renseigné, un message s'affiche en haut de la page indiquant
  le ou les champs non renseignés, et les champs en question sont en surbrillance.

  Contexte:
    Soit le distributeur "AXILOG DEMO" dont le profil est configuré avec l'identifiant Icare "IC-953617"
    Et le bon de commande clôturé "peugeot-208" transmis par PVO²
    Et le distributeur a ouvert la page 2 du formulaire de déclaration

  Scénario: Le tutoriel : type véhicule et immatriculation non renseignés
    Quand il vide le champ "Type véhicule"
    Et il vide le champ "Immatriculation"
    Et il clique sur "Déclarer et Garantir"
    Alors les messages suivants s'affichent en haut de la page :
      | message                                  |
      | Le champ type véhicule est obligatoire   |
      | Le champ immatriculation est obligatoire |
    Et le champ "Type véhicule" est en surbrillance
    Et le champ "Immatriculation" est en surbrillance
    Et les autres valeurs saisies sont conservées
    Et aucune déclaration n'est enregistrée

  Plan du Scénario: Chaque champ obligatoire non renseigné est signalé
    Quand il vide le champ "<champ>"
    Et il clique sur "Déclarer et Garantir"
    Alors le message "<message>" s'affiche en haut de la page
    Et le champ "<champ>" est en surbrillance
    Et aucune déclaration n'est enregistrée

    Exemples:
      | champ                          | message                                                 |
      | Vendeur véhicule d'occasion    | Le champ vendeur véhicule d'occasion est obligatoire    |
      | Origine de la vente            | Le champ origine de la vente est obligatoire            |
      | Civilité                       | Le champ civilité est obligatoire                       |
      | Nom                            | Le champ nom est obligatoire                            |
      | Prenom                         | Le champ prenom est obligatoire                         |
      | Adresse                        | Le champ adresse est obligatoire                        |
      | Code Postal                    | Le champ code postal est obligatoire                    |
      | Ville                          | Le champ ville est obligatoire                          |
      | Pays de résidence              | Le champ pays de résidence est obligatoire              |
      | Date de Naissance              | Le champ date de naissance est obligatoire              |
      | Nationalité                    | Le champ nationalité est obligatoire                    |
      | Lieu de Naissance              | Le champ lieu de naissance est obligatoire              |
      | Pays de Naissance              | Le champ pays de naissance est obligatoire              |
      | Type véhicule                  | Le champ type véhicule est obligatoire                  |
      | Energie                        | Le champ energie est obligatoire                        |
      | Immatriculation                | Le champ immatriculation est obligatoire                |
      | Date première immat.           | Le champ date première immat. est obligatoire           |
      | Puissance Din                  | Le champ puissance din est obligatoire                  |
      | Km jour de la vente            | Le champ km jour de la vente est obligatoire            |
      | Date de livraison              | Le champ date de livraison est obligatoire              |
      | Km gtie constructeur           | Le champ km gtie constructeur est obligatoire           |
      | Marque                         | Le champ marque est obligatoire                         |
      | Modèle véhicule                | Le champ modèle véhicule est obligatoire                |
      | Version                        | Le champ version est obligatoire                        |
      | VIN                            | Le champ VIN est obligatoire                            |
      | Garantie                       | Le champ garantie est obligatoire                       |
      | Durée                          | Le champ durée est obligatoire                          |
      | Date début de garantie         | Le champ date début de garantie est obligatoire         |
      | Date fin de garantie           | Le champ date fin de garantie est obligatoire           |
      | Produit fidélisation           | Le champ produit fidélisation est obligatoire           |
