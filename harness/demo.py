"""Demo data that tools share: a complete, well-formed declaration (fictitious people and
vehicle), as the Centralisateur's form takes it. Tests, benchmarks and examples start from it.
"""

from __future__ import annotations

from typing import Any

from sandbox.dealers import AXILOG

DEMO_DECLARATION: dict[str, Any] = {
    "vendeur": f"SP{AXILOG.code_rrdi}103833712",
    "origine_vente": "Showroom",
    "consentement": ["email"],
    "civilite": "Monsieur",
    "nom": "Dupond",
    "prenom": "Jean",
    "email": "jean.dupond@example.fr",
    "tel_mobile": "06 07 08 09 10",
    "adresse": "12 rue Spoticar",
    "code_postal": "75010",
    "ville": "PARIS",
    "pays_residence": "France",
    "date_naissance": "17/05/1960",
    "nationalite": "France",
    "lieu_naissance": "Tours",
    "pays_naissance": "France",
    "type_vehicule": "VP",
    "energie": "ELECTRIQUE",
    "immatriculation": "AB-123-CD",
    "date_premiere_immat": "11/05/2023",
    "puissance_din": "100",
    "km_vente": "12000",
    "date_livraison": "30/11/2025",
    "km_garantie_constructeur": "999999",
    "marque": "PEUGEOT",
    "modele": "208",
    "version": "1.2 PURETECH 100 CH S&S ALLURE",
    "vin": "VR3UPHNKSNT000001",
    "garantie": "SPOTICAR PREMIUM",
    "duree": "12",
    "date_debut_garantie": "30/11/2025",
    "date_fin_garantie": "30/11/2026",
    "produit_fidelisation": "Aucun",
}
