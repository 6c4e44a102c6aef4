# language: fr
@navigateur
Fonctionnalité: Documents : relevé d'information et certificat de souscription
  Un relevé d'information, relatif aux informations du PDV, du client et du véhicule, est à
  glisser dans le carnet de garantie remis au client ; le certificat de souscription aussi.

  Contexte:
    Soit le distributeur "AXILOG DEMO" dont le profil est configuré avec l'identifiant Icare "IC-953617"
    Et le bon de commande clôturé "peugeot-208" transmis par PVO²
    Et le distributeur a déclaré et garanti la vente dans le navigateur

  Scénario: Imprimer le relevé d'information
    Quand il clique sur "Imprimer le relevé d'information"
    Alors la page "GARANTIE COMMERCIALE SPOTICAR - RELEVÉ D'INFORMATION" s'affiche
    Et le bloc "DISTRIBUTEUR VENDEUR DU VÉHICULE" montre "AXILOG DEMO"
    Et le bloc "VOS COORDONNÉES (BÉNÉFICIAIRE)" montre le nom et l'adresse du client du bon de commande
    Et le bloc "VÉHICULE D'OCCASION GARANTI" montre le VIN et l'immatriculation du bon de commande
    Et le PDF du document contient le numéro du contrat Icare et le VIN

  Scénario: Imprimer le certificat de souscription
    Quand il clique sur "Imprimer le certificat de souscription"
    Alors la page "GARANTIE COMMERCIALE SPOTICAR - CERTIFICAT DE SOUSCRIPTION" s'affiche
    Et le texte "SPOTICAR PREMIUM" s'affiche
    Et le PDF du document contient le numéro du contrat Icare et le VIN
