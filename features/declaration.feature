# language: fr
@navigateur
Fonctionnalité: Déclaration d'une garantie Spoticar / DS Certified
  Une fenêtre s'affiche dans le navigateur avec le formulaire de Déclaration de vente Spoticar,
  pré rempli avec les informations client et véhicule du bon de commande SPOTICAR.

  Contexte:
    Soit le distributeur "AXILOG DEMO" dont le profil est configuré avec l'identifiant Icare "IC-953617"
    Et le bon de commande clôturé "peugeot-208" transmis par PVO²

  Scénario: Page 1, choix de la garantie commerciale
    Quand le distributeur ouvre la déclaration transmise par PVO²
    Alors la page "DECLARATION VENTE SPOTICAR" s'affiche
    Et le texte "1. Déclaration de la vente Nouvelle Prestation Obligatoire pour le service Relation Client et l'Assistance" s'affiche
    Et le texte "2. Garantie commerciale Spoticar" s'affiche
    Et la garantie commerciale "Garantie SPOTiCAR Stellantis" est proposée

  Scénario: Page 2, le formulaire est pré rempli depuis le bon de commande
    Quand le distributeur ouvre la déclaration transmise par PVO²
    Et il choisit la garantie commerciale "Garantie SPOTiCAR Stellantis"
    Alors le formulaire est pré rempli avec les données du bon de commande
    Et le bouton "Déclarer et Garantir" est proposé

  Scénario: Déclarer et Garantir
    Quand le distributeur ouvre la déclaration transmise par PVO²
    Et il choisit la garantie commerciale "Garantie SPOTiCAR Stellantis"
    Et il clique sur "Déclarer et Garantir"
    Alors la confirmation de la déclaration sur le centralisateur s'affiche avec son numéro
    Et la confirmation de la création du contrat Icare s'affiche avec son numéro
