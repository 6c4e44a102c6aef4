# language: fr
@api
Fonctionnalité: Valeurs magiques
  Certaines valeurs déclenchent toujours la même erreur, sans réglage du sandbox : de quoi
  montrer à un distributeur, ou tester dans un logiciel, chaque erreur qu'il peut rencontrer.

  Contexte:
    Soit le distributeur "AXILOG DEMO" dont le profil est configuré avec l'identifiant Icare "IC-953617"

  Scénario: VIN ZZZ00000000000503 : Icare ne répond pas, le contrat est en attente
    Quand PVO² déclare le bon de commande "peugeot-208" avec le VIN "ZZZ00000000000503"
    Alors la déclaration est enregistrée avec son numéro
    Et le contrat Icare est "en attente"

  Scénario: VIN ZZZ00000000000422 : Icare refuse le véhicule
    Quand PVO² déclare le bon de commande "peugeot-208" avec le VIN "ZZZ00000000000422"
    Alors la déclaration est refusée par Icare avec le code "VEHICLE_NOT_ELIGIBLE"
    Et le distributeur lit "Véhicule non éligible à la garantie SPOTICAR PREMIUM : le VIN ZZZ00000000000422 est bloqué chez Icare (valeur de test du sandbox)."

  Scénario: Nom du client REFUS : PSA Assurance refuse d'assurer
    Soit le bon de commande "peugeot-208" de PVO²
    Et le nom du client est "REFUS"
    Quand le vendeur déclare le bon de commande avec le garantisseur "Déclaration PSA Insurance"
    Alors PSA Assurance refuse avec un message commençant par "PSA Assurance refuse d'assurer ce véhicule"
