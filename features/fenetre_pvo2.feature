# language: fr
@navigateur
Fonctionnalité: La fenêtre que PVO² ouvre sur « Déclarer »
  Le vendeur clique sur "Déclarer" dans PVO² : une fenêtre s'affiche alors dans le navigateur avec
  le formulaire de Déclaration de vente Spoticar, sans page de connexion. Son lien ne sert qu'une
  fois et peu de temps.

  Scénario: De la fenêtre ouverte par PVO² à la confirmation, page 1 puis page 2
    Soit le distributeur "AXILOG DEMO" dont le profil est configuré avec l'identifiant Icare "IC-953617"
    Quand le vendeur clique sur "Déclarer" dans PVO² pour le bon de commande "peugeot-208"
    Alors la page "DECLARATION VENTE SPOTICAR" s'affiche
    Et le distributeur "AXILOG DEMO" est connecté au Centralisateur
    Quand il choisit la garantie commerciale "Garantie SPOTiCAR Stellantis"
    Alors le formulaire est pré rempli avec les données du bon de commande
    Quand il clique sur "Déclarer et Garantir"
    Alors la confirmation de la déclaration sur le centralisateur s'affiche avec son numéro
    Et la confirmation de la création du contrat Icare s'affiche avec son numéro

  Scénario: À la première connexion, la fenêtre ouvre d'abord la page Profil
    Soit le distributeur "AXILOG DEMO" dont le profil n'est pas configuré
    Quand le vendeur clique sur "Déclarer" dans PVO² pour le bon de commande "peugeot-208"
    Alors la page "Configuration des garanties commerciales" s'affiche
    Quand il renseigne "Identifiant Icare" avec "IC-953617"
    Et il clique sur "Modifier"
    Alors la page "DECLARATION VENTE SPOTICAR" s'affiche
    Quand il choisit la garantie commerciale "Garantie SPOTiCAR Stellantis"
    Alors le formulaire est pré rempli avec les données du bon de commande

  Scénario: Un lien qui a déjà servi n'ouvre rien
    Soit le distributeur "AXILOG DEMO" dont le profil est configuré avec l'identifiant Icare "IC-953617"
    Quand le vendeur clique sur "Déclarer" dans PVO² pour le bon de commande "peugeot-208"
    Et le même lien est rouvert dans un navigateur sans session
    Alors la page "Connexion au Centralisateur" s'affiche
    Et le texte "Ce lien d'ouverture de la déclaration a déjà servi : il ne sert qu'une fois." s'affiche
    Et aucune page du Centralisateur n'est ouverte sans connexion
