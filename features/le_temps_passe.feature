# language: fr
@navigateur
Fonctionnalité: Les contrats suivent l'horloge du sandbox
  Un contrat est « À venir » avant sa date de début, « En vigueur » jusqu'au dernier jour couvert
  (la veille de sa date de fin), « Expiré » ensuite : sur la confirmation du Centralisateur comme
  sur Myicare, au jour de l'horloge du distributeur.

  Contexte:
    Soit le distributeur "AXILOG DEMO" dont le profil est configuré avec l'identifiant Icare "IC-953617"
    Et le bon de commande clôturé "peugeot-208" transmis par PVO²
    Et le distributeur a déclaré et garanti la vente dans le navigateur

  Plan du Scénario: Un contrat échu n'est plus en vigueur
    Quand l'horloge du distributeur marque "<moment>"
    Et il rouvre la déclaration sur le Centralisateur
    Alors la confirmation du contrat Icare montre "<statut>"
    Quand il recherche le contrat sur le portail Myicare par son numéro
    Alors Myicare montre le contrat "<statut>"

    Exemples:
      | moment                               | statut     |
      | la veille du début de garantie       | À venir    |
      | le dernier jour couvert              | En vigueur |
      | le lendemain du dernier jour couvert | Expiré     |
