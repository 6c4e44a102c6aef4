"""One result type for both garantisseurs: the report reads either without asking which."""

from __future__ import annotations

import json

from pvo_client.domain import Garantisseur
from pvo_client.report import describe
from pvo_client.result import DECLARED, INSURED, PSA, DeclarationResult


def test_a_policy_and_a_declaration_are_described_by_the_same_function() -> None:
    policy = DeclarationResult(
        Garantisseur.PSA_INSURANCE, True, INSURED, policy_number="PSAVO00000001", premium="180.00"
    )
    declaration = DeclarationResult(
        Garantisseur.SPOTICAR, True, DECLARED, declaration_number="DEC2025-0000001"
    )
    assert "police n° PSAVO00000001, prime 180,00 € TTC" in describe("PSA", policy)
    assert "n° DEC2025-0000001" in describe("Spoticar", declaration)
    assert "police" not in describe("Spoticar", declaration)


def test_a_refusal_names_its_garantisseur_in_json() -> None:
    refused = DeclarationResult.refused(
        Garantisseur.PSA_INSURANCE, PSA, ["Refus de souscription"], "UW_BLOCKED"
    )
    assert "✘ PSA Assurance refuse la déclaration :\n  • Refus de souscription" in describe(
        "PSA", refused
    )
    data = json.loads(json.dumps(refused.to_json()))
    assert data["garantisseur"] == "Déclaration PSA Insurance" and data["accepted"] is False
