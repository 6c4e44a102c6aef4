"""Data shared by the test folders."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

# A complete, well-formed declaration (fictitious people and vehicle).
VALID_FORM: dict[str, Any] = {
    "vendeur": "SP953617Z103833712",
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


@pytest.fixture
def valid_form() -> dict[str, Any]:
    return {k: list(v) if isinstance(v, list) else v for k, v in VALID_FORM.items()}


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh store on each backend: a SQLite file, and a PostgreSQL schema of its own when
    SANDBOX_TEST_POSTGRES_URL points at a server (CI starts one on loopback)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    server = os.environ.get("SANDBOX_TEST_POSTGRES_URL")
    if not server:
        pytest.skip("SANDBOX_TEST_POSTGRES_URL is not set: no PostgreSQL to test against")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{server}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
