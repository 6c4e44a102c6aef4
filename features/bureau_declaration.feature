# language: fr
@navigateur
Fonctionnalité: Déclarer la garantie depuis les Livraisons de PVO²
  Une fois le bon de commande généré et clôturé, dans le menu à gauche cliquer sur
  "Livraisons", sélectionner la commande concernée ; dans la section "Déclaration de garantie",
  choisir le garantisseur puis valider avec le bouton "Déclarer".

  Contexte:
    Soit le vendeur "hakim.ab" connecté à PVO²

  Scénario: Les cartes des Livraisons
    Quand il clique sur "Livraisons" dans le menu de PVO²
    Alors la carte de la commande "7414134" affiche "BDC édité le 01/12/2021"
    Et la carte de la commande "7414134" affiche "Contact : 06 00 00 00 00"
    Et la carte de la commande "7414134" affiche "Livraison prévue le 01/12/2021 à 00:00"
    Et la carte de la commande "7414134" affiche "En attente de livraison"
    Et la commande "7400056" n'apparaît pas dans les Livraisons

  Scénario: Les deux garantisseurs du site
    Quand il ouvre la commande "7414134" depuis les Livraisons
    Alors la page "Commande N° 7414134" s'affiche
    Et le texte "BDC clôturé le 01/12/2021 - Site DEMO CDDS SPOTICAR - Vendeur Hakim AB" s'affiche
    Et la liste Garantisseur de PVO² propose :
      | garantisseur                     |
      | Déclaration de garantie Spoticar |
      | Déclaration PSA Insurance        |

  Scénario: "Déclarer" ouvre la fenêtre du Centralisateur pour ce bon de commande
    Soit le distributeur "AXILOG DEMO" dont le profil est configuré avec l'identifiant Icare "IC-953617"
    Quand il ouvre la commande "7414134" depuis les Livraisons
    Et il déclare avec le garantisseur "Déclaration de garantie Spoticar"
    Alors la page "DECLARATION VENTE SPOTICAR" s'affiche
    Et le distributeur "AXILOG DEMO" est connecté au Centralisateur
    Et la garantie commerciale "Garantie SPOTiCAR Stellantis" est proposée

  Scénario: Déclaration PSA Insurance
    # PSA Assurance a besoin de l'email et de la date de naissance du client : la commande de
    # l'Alfa Romeo Giulia les a, celle du tutoriel (7414134) non.
    Quand il ouvre la commande "7415201" depuis les Livraisons
    Et il déclare avec le garantisseur "Déclaration PSA Insurance"
    Alors PVO² confirme "Contrat PSA Assurance émis : police n° PSAVO"

  Scénario: PSA Assurance a besoin de la date de naissance du client
    Quand il ouvre la commande "7414134" depuis les Livraisons
    Et il déclare avec le garantisseur "Déclaration PSA Insurance"
    Alors PVO² signale à côté du garantisseur "PVO² refuse la déclaration : La date de naissance du client est nécessaire à PSA Assurance : complétez la fiche client dans PVO²."

  Scénario: Le garantisseur Spoticar est absent de la liste
    Soit le plugin "Déclaration de garantie Spoticar" est décoché dans la fiche d'identité du site
    Quand il ouvre la commande "7414134" depuis les Livraisons
    Alors le texte "Le garantisseur « Déclaration de garantie Spoticar » n'existe pas dans la liste Garantisseur du site DEMO CDDS SPOTICAR : merci de contacter le support PVO² au 09.77.55.04.17." s'affiche

  Scénario: Le code RRDI Spoticar n'est pas renseigné
    Soit le champ "Code RRDI" de la fiche d'identité du site est vidé
    Quand il ouvre la commande "7414134" depuis les Livraisons
    Et il déclare avec le garantisseur "Déclaration de garantie Spoticar"
    Alors PVO² signale à côté du garantisseur "Le code RRDI Spoticar du site DEMO CDDS SPOTICAR n'est pas renseigné : complétez-le dans Paramètres > Fiche d'identité du site (bloc Identification, champ Code RRDI)."

  Scénario: Un bon de commande non clôturé
    Quand il ouvre "BDC n°7400056" depuis les offres et bons de commande
    Et il déclare avec le garantisseur "Déclaration de garantie Spoticar"
    Alors PVO² signale à côté du garantisseur "Le bon de commande n°7400056 n'est pas clôturé : complétez les informations de livraison (la date à minima) puis cliquez sur Clôturer avant de déclarer la garantie."
