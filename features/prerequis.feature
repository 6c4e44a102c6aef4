# language: fr
@api
Fonctionnalité: Pré-requis dans PVO²
  Dans les Paramètres de PVO², le code RRDI Spoticar doit être renseigné ; dans le volet
  livraison, le garantisseur (Plugin) « Déclaration de garantie SPOTICAR » doit exister dans la
  liste Garantisseur, sinon il faut contacter le support PVO² au 09.77.55.04.17.

  Contexte:
    Soit le bon de commande "7414134" de PVO²

  Scénario: Code RRDI renseigné et garantisseur présent
    Quand le vendeur choisit le garantisseur "Déclaration de garantie Spoticar" et clique sur "Déclarer"
    Alors PVO² accepte la déclaration

  Scénario: Le code RRDI Spoticar n'est pas renseigné
    Soit le code RRDI Spoticar du site n'est pas renseigné
    Quand le vendeur choisit le garantisseur "Déclaration de garantie Spoticar" et clique sur "Déclarer"
    Alors PVO² refuse avec le message "Le code RRDI Spoticar du site DEMO CDDS SPOTICAR n'est pas renseigné : complétez-le dans Paramètres > Fiche d'identité du site (bloc Identification, champ Code RRDI)."

  Scénario: Le garantisseur Spoticar est absent de la liste
    Soit la liste Garantisseur du site ne contient que "Déclaration PSA Insurance"
    Quand le vendeur choisit le garantisseur "Déclaration de garantie Spoticar" et clique sur "Déclarer"
    Alors PVO² refuse avec le message "Le garantisseur « Déclaration de garantie Spoticar » n'existe pas dans la liste Garantisseur du site DEMO CDDS SPOTICAR : merci de contacter le support PVO² au 09.77.55.04.17."

  Scénario: Les deux garantisseurs de la liste
    Alors la liste Garantisseur propose "Déclaration de garantie Spoticar"
    Et la liste Garantisseur propose "Déclaration PSA Insurance"
