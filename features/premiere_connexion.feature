# language: fr
@navigateur
Fonctionnalité: Première connexion au Centralisateur
  Lors de sa 1ère déclaration sur le centralisateur, le distributeur est dirigé automatiquement
  sur la page Profil pour sélectionner ses garantisseurs.

  Contexte:
    Soit le distributeur "AXILOG DEMO" dont le profil n'est pas configuré
    Et le distributeur est connecté au Centralisateur

  Scénario: La première déclaration mène à la page Profil
    Quand il clique sur "Déclarer" dans le menu
    Alors la page "Configuration des garanties commerciales" s'affiche
    Et le texte "Afin de déclarer et garantir, veuillez configurer les garantisseurs qui correspondent à votre activité." s'affiche
    Et la case "NPO : Nouvelle Prestation Obligatoire" est cochée et ne peut être modifiée
    Et le champ "Code RRDI Spoticar" affiche "953617Z"
    Et le champ "Code T Stellantis" affiche "RS8010004"

  Scénario: L'identifiant Icare est obligatoire
    Quand il clique sur "Déclarer" dans le menu
    Et il clique sur "Modifier"
    Alors le message "Le champ identifiant Icare est obligatoire" s'affiche en haut de la page
    Et le champ "Identifiant Icare" est en surbrillance

  Scénario: La Garantie Cirano demande l'identifiant Cirano
    Quand il clique sur "Déclarer" dans le menu
    Et il renseigne "Identifiant Icare" avec "IC-953617"
    Et il coche "Garantie Cirano"
    Et il clique sur "Modifier"
    Alors le message "Le champ identifiant Cirano est obligatoire" s'affiche en haut de la page
    Et le champ "Identifiant Cirano" est en surbrillance

  Scénario: Après "Modifier", le distributeur continue sa déclaration
    Quand il clique sur "Déclarer" dans le menu
    Et il renseigne "Identifiant Icare" avec "IC-953617"
    Et il coche "Auto Garantie"
    Et il clique sur "Modifier"
    Alors la page "DECLARATION VENTE SPOTICAR" s'affiche
    Et la garantie commerciale "Garantie SPOTiCAR Stellantis" est proposée
    Et la garantie commerciale "Auto Garantie" est proposée
    Et le texte "Le choix des garantisseurs se fait par la page Profil" s'affiche
