# language: fr
@navigateur
Fonctionnalité: Confirmations de la déclaration et du contrat Icare
  Des messages de confirmation sont affichés : 1. la déclaration sur le centralisateur ;
  2. la création du contrat Icare, que l'on retrouve grâce au numéro sur le portail Myicare.

  Contexte:
    Soit le distributeur "AXILOG DEMO" dont le profil est configuré avec l'identifiant Icare "IC-953617"
    Et le bon de commande clôturé "peugeot-208" transmis par PVO²

  Scénario: Les deux confirmations, puis le contrat sur Myicare
    Quand le distributeur ouvre la déclaration transmise par PVO²
    Et il choisit la garantie commerciale "Garantie SPOTiCAR Stellantis"
    Et il clique sur "Déclarer et Garantir"
    Alors la confirmation de la déclaration sur le centralisateur s'affiche avec son numéro
    Et la confirmation de la création du contrat Icare s'affiche avec son numéro
    Quand il recherche le contrat sur le portail Myicare par son numéro
    Alors Myicare affiche le contrat avec le VIN et le nom du client du bon de commande

  Scénario: Icare ne répond pas : la déclaration est gardée, le contrat est relancé une fois
    Soit Icare ne répond plus
    Quand le distributeur ouvre la déclaration transmise par PVO²
    Et il choisit la garantie commerciale "Garantie SPOTiCAR Stellantis"
    Et il clique sur "Déclarer et Garantir"
    Alors la confirmation de la déclaration sur le centralisateur s'affiche avec son numéro
    Et le texte "Contrat en attente." s'affiche
    Quand Icare répond de nouveau
    Et il clique sur "Relancer la création du contrat"
    Alors la confirmation de la création du contrat Icare s'affiche avec son numéro
    Et Icare a exactement un contrat pour le véhicule du bon de commande
