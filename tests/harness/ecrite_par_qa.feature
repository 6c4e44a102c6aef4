# language: fr
@api
Fonctionnalité: Écrite par QA, sans Python

  Scénario: Le code RRDI Spoticar n'est pas renseigné
    Soit le bon de commande "7414134" de PVO²
    Et le code RRDI Spoticar du site n'est pas renseigné
    Quand le vendeur choisit le garantisseur "Déclaration de garantie Spoticar" et clique sur "Déclarer"
    Alors PVO² refuse avec le message "Le code RRDI Spoticar du site DEMO CDDS SPOTICAR n'est pas renseigné : complétez-le dans Paramètres > Fiche d'identité du site (bloc Identification, champ Code RRDI)."

  Scénario: Une étape mal recopiée
    Soit le bon de commande "7414134" de PVO²
    Quand le vendeur choisit le garantiseur "Déclaration de garantie Spoticar" et clique sur Déclarer
