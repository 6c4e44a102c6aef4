# language: fr
@navigateur
Fonctionnalité: Déclaration d'une garantie Spoticar / DS Certified / Alfa Romeo Certified
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

  Scénario: Le tutoriel : la page 2 remplie comme sur sa capture est acceptée
    Quand le distributeur ouvre la déclaration transmise par PVO²
    Et il choisit la garantie commerciale "Garantie SPOTiCAR Stellantis"
    Alors le champ "Vendeur véhicule d'occasion" affiche "SP953617Z103833712"
    Et le champ "Origine de la vente" affiche "Test"
    Et le champ "Tel. Fixe" affiche "0102030405"
    Et le champ "Tel. Mobile" affiche "0607080910"
    Et le champ "Immatriculation" affiche "AA-000-AA"
    Et le champ "Version" affiche "1 2 PURE TECH 100 CH S S ALLUR"
    Et le champ "VIN" affiche "12345678910111213"
    Et le champ "Km gtie constructeur" affiche "999999"
    # Ce que PVO² connaît et que la capture laisse vide
    Quand il vide le champ "Type carte grise"
    Et il vide le champ "Puissance Fiscale"
    Et il vide le champ "Puissance KW"
    Et il vide le champ "Prix de vente"
    Et il clique sur "Déclarer et Garantir"
    Alors la confirmation de la déclaration sur le centralisateur s'affiche avec son numéro
    Et la confirmation de la création du contrat Icare s'affiche avec son numéro
