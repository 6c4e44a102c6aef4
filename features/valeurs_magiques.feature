# language: fr
Fonctionnalité: Valeurs magiques
  Certaines valeurs déclenchent toujours la même erreur, sans réglage du sandbox : de quoi
  montrer à un distributeur, ou tester dans un logiciel, chaque erreur qu'il peut rencontrer.

  Contexte:
    Soit le distributeur "AXILOG DEMO" dont le profil est configuré avec l'identifiant Icare "IC-953617"

  @api
  Scénario: VIN ZZZ00000000000503 : Icare ne répond pas, le contrat est en attente
    Quand PVO² déclare le bon de commande "peugeot-208" avec le VIN "ZZZ00000000000503"
    Alors la déclaration est enregistrée avec son numéro
    Et le contrat Icare est "en attente"

  @api
  Scénario: VIN ZZZ00000000000422 : Icare refuse le véhicule
    Quand PVO² déclare le bon de commande "peugeot-208" avec le VIN "ZZZ00000000000422"
    Alors la déclaration est refusée par Icare avec le code "VEHICLE_NOT_ELIGIBLE"
    Et le distributeur lit "Véhicule non éligible à la garantie SPOTICAR PREMIUM : le VIN ZZZ00000000000422 est bloqué chez Icare (valeur de test du sandbox)."

  @api
  Scénario: Nom du client REFUS : PSA Assurance refuse d'assurer
    Soit le bon de commande "peugeot-208" de PVO²
    Et l'email du client est "jean.dupond@example.fr"
    Et le nom du client est "REFUS"
    Quand le vendeur déclare le bon de commande avec le garantisseur "Déclaration PSA Insurance"
    Alors PSA Assurance refuse avec un message commençant par "PSA Assurance refuse d'assurer ce véhicule"

  @navigateur
  Scénario: Le refus d'Icare s'affiche sur le formulaire, les valeurs saisies sont conservées
    Soit le bon de commande clôturé "peugeot-208" transmis par PVO²
    Et le distributeur a ouvert la page 2 du formulaire de déclaration
    Quand il renseigne "VIN" avec "ZZZ00000000000422"
    Et il clique sur "Déclarer et Garantir"
    Alors le message "Véhicule non éligible à la garantie SPOTICAR PREMIUM : le VIN ZZZ00000000000422 est bloqué chez Icare (valeur de test du sandbox)." s'affiche en haut de la page
    Et le champ "VIN" affiche "ZZZ00000000000422"
    Et aucune déclaration n'est enregistrée
