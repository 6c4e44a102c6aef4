# language: fr
@navigateur
Fonctionnalité: La commande garde ce qui a été déclaré
  "Déclarer" ouvre le formulaire du Centralisateur dans une fenêtre : "une fenêtre s'affiche
  alors dans le navigateur avec le formulaire de Déclaration de vente Spoticar", PVO² restant
  ouvert derrière elle. Ce qui a été déclaré depuis une commande reste sur la commande et dans
  les Livraisons : le brouillon ouvert dans la fenêtre, la déclaration et son contrat Icare, la
  police PSA Assurance ; "Déclarer" ne refait pas ce qui est fait.

  Contexte:
    Soit le vendeur "hakim.ab" connecté à PVO²
    Et le distributeur "AXILOG DEMO" dont le profil est configuré avec l'identifiant Icare "IC-953617"

  Scénario: La fenêtre du Centralisateur s'ouvre à côté de PVO²
    Quand il ouvre la commande "8120417" depuis les Livraisons
    Et il déclare avec le garantisseur "Déclaration de garantie Spoticar"
    Alors la page "DECLARATION VENTE SPOTICAR" s'affiche
    Et PVO² reste ouvert sur la commande "8120417" derrière la fenêtre
    Et la commande montre le brouillon ouvert dans la fenêtre du Centralisateur

  Scénario: Une déclaration faite depuis PVO² apparaît sur la commande
    Quand il ouvre la commande "8120417" depuis les Livraisons
    Et il déclare avec le garantisseur "Déclaration de garantie Spoticar"
    Et il choisit la garantie commerciale "Garantie SPOTiCAR Stellantis"
    Et il clique sur "Déclarer et Garantir"
    Alors la confirmation de la déclaration sur le centralisateur s'affiche avec son numéro
    Quand il revient sur PVO²
    Alors la commande montre la déclaration et le contrat Icare du Centralisateur
    Et la carte de la commande "8120417" montre la déclaration du Centralisateur

  Scénario: Déclarer deux fois la même commande montre la déclaration
    Soit la commande "8120417" déclarée depuis PVO²
    Quand il ouvre la commande "8120417" depuis les Livraisons
    Et il déclare avec le garantisseur "Déclaration de garantie Spoticar"
    Alors PVO² confirme "La garantie de cette commande est déjà déclarée : déclaration n° DEC"
    Et aucune fenêtre du Centralisateur ne s'ouvre
    Et le Centralisateur a une seule déclaration du distributeur
    Et la commande montre la déclaration et le contrat Icare du Centralisateur

  Scénario: PSA Insurance une seule fois par commande
    Quand il ouvre la commande "7415201" depuis les Livraisons
    Et il déclare avec le garantisseur "Déclaration PSA Insurance"
    Alors PVO² confirme "Contrat PSA Assurance émis : police n° PSAVO"
    Quand il déclare avec le garantisseur "Déclaration PSA Insurance"
    Alors PVO² confirme "est déjà émise pour cette commande."
    Et PSA Assurance n'a émis qu'une police
