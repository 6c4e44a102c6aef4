# language: fr
@navigateur
Fonctionnalité: Ce que le distributeur a saisi reste
  Quand « Déclarer et Garantir » refuse le formulaire, chaque valeur saisie est gardée dans la
  déclaration : le distributeur peut quitter la page et y revenir, il retrouve ce qu'il a tapé,
  même une date qui n'existe pas, et non le pré-remplissage de PVO². Se connecter de nouveau
  depuis une page du portail ramène là où il était.

  Contexte:
    Soit le distributeur "AXILOG DEMO" dont le profil est configuré avec l'identifiant Icare "IC-953617"
    Et le bon de commande clôturé "peugeot-208" transmis par PVO²

  Scénario: Les valeurs saisies restent après un refus
    Soit le distributeur a ouvert la page 2 du formulaire de déclaration
    Quand il renseigne "Nom" avec "Martin"
    Et il renseigne "Date de livraison" avec "31/02/2026"
    Et il renseigne "Immatriculation" avec "GH-789-JK"
    Et il clique sur "Déclarer et Garantir"
    Alors le message "Le champ date de livraison n'est pas une date du calendrier" s'affiche en haut de la page
    Et aucune déclaration n'est enregistrée
    Quand il quitte le formulaire puis le rouvre
    Alors le champ "Nom" affiche "Martin"
    Et le champ "Date de livraison" affiche "31/02/2026"
    Et le champ "Immatriculation" affiche "GH-789-JK"

  Scénario: Se connecter de nouveau ramène à la déclaration
    Quand le distributeur ouvre la déclaration transmise par PVO²
    Et le même lien est rouvert dans un navigateur sans session
    Et il se connecte au Centralisateur
    Alors la page "DECLARATION VENTE SPOTICAR" s'affiche
    Et la garantie commerciale "Garantie SPOTiCAR Stellantis" est proposée
