"""The rules judge what the DMS attempted, not only what the sandbox accepted, and what it sent
rather than what a BDC is assumed to hold."""

from __future__ import annotations

from typing import Any

from harness.conformance.checks import FAILED, PASSED
from harness.conformance.report import as_text
from harness.conformance.rules import Judged, Verdict
from tests.conformance.entries import (
    BIRTH_REFUSED,
    DRAFT,
    call,
    created,
    patched,
    submitted,
    verdict_of,
)

COVERED = {"error_code": "CONTRACT_IN_FORCE", "message": "Un contrat est en vigueur."}
START_PLUS_2 = call("centralisateur", "GET", "/", at=2)["received_at"]


def result(verdict: Verdict, code: str) -> Judged:
    return next(r for r in verdict.results if r.rule.code == code)


def notes(verdict: Verdict, code: str) -> list[tuple[int, str, int | None]]:
    """(entry, note, earlier entry) of each proof of a rule."""
    return [
        (p.call.id, p.note, p.earlier.id if p.earlier else None)
        for p in result(verdict, code).finding.proofs
    ]


def declared_at_once(at: float, status: int = 201, key: str | None = None, **answer: Any):
    """POST /declarations?submit=true: a creation that is a submission."""
    body = {"id": f"x{at}", "status": "déclarée", "fields": DRAFT, **answer} if status < 300 else {}
    return call(
        "centralisateur",
        "POST",
        "/api/v1/declarations?submit=true",
        status,
        at=at,
        body={"fields": DRAFT},
        answer=body or answer,
        headers={"Idempotency-Key": key} if key else None,
    )


def test_a_vehicle_sent_again_after_a_refusal_saying_it_is_covered_fails_with_both_calls() -> None:
    verdict = verdict_of(
        created(),
        submitted(),
        created(3, id_="d2"),
        submitted(422, at=3.5, id_="d2", **COVERED),
        created(6, id_="d3"),
        submitted(422, at=6.5, id_="d3", **COVERED),
    )
    assert notes(verdict, "BDC-UNIQUE") == [
        (4, "envoyé de nouveau : véhicule déjà déclaré (n° DEC-d1)", 2),
        (6, "envoyé de nouveau : véhicule déjà déclaré (n° DEC-d1)", 2),
    ]
    assert result(verdict, "422-CORRIGE").finding.status != FAILED  # covered: not to correct


def test_a_refusal_saying_covered_is_enough_even_when_nothing_was_declared_here() -> None:
    verdict = verdict_of(
        created(), submitted(422, **COVERED), created(3, id_="d2"), submitted(at=4, id_="d2")
    )
    assert notes(verdict, "BDC-UNIQUE") == [
        (
            4,
            "envoyé de nouveau : le refus précédent disait le véhicule déjà couvert "
            "(CONTRACT_IN_FORCE)",
            2,
        )
    ]


def test_a_post_resent_before_its_answer_without_the_same_key_is_a_duplicate() -> None:
    """The first POST is still being answered (the DMS's read timed out) when the second
    arrives: whichever the sandbox records, the DMS sent the vehicle twice."""
    slow = declared_at_once(0, status=422, **COVERED) | {"answered_at": START_PLUS_2}
    verdict = verdict_of(slow, declared_at_once(0.5))
    assert notes(verdict, "BDC-UNIQUE") == [
        (
            2,
            "envoyé de nouveau : renvoyé sans la même Idempotency-Key avant d'avoir la réponse "
            "du premier envoi",
            1,
        )
    ]
    failed = verdict_of(declared_at_once(0, status=500), declared_at_once(2))
    assert notes(failed, "BDC-UNIQUE") == [
        (
            2,
            "envoyé de nouveau : renvoyé sans la même Idempotency-Key après un 500 du premier "
            "envoi",
            1,
        )
    ]


def test_a_retry_with_the_same_idempotency_key_or_after_a_503_is_no_duplicate() -> None:
    same_key = verdict_of(declared_at_once(0, status=504, key="k1"), declared_at_once(9, key="k1"))
    assert same_key.status_of("BDC-UNIQUE") == PASSED, as_text(same_key)
    after_503 = verdict_of(declared_at_once(0, status=503), declared_at_once(2))
    assert after_503.status_of("BDC-UNIQUE") == PASSED
    other_key = verdict_of(declared_at_once(0, status=504, key="k1"), declared_at_once(9, key="k2"))
    assert other_key.status_of("BDC-UNIQUE") == FAILED


def test_a_refusal_never_corrected_is_named_abandoned_with_the_field_errors_ignored() -> None:
    other_vehicle = {**DRAFT, "vin": "VF1RFB00067654321", "immatriculation": "FA-404-KE"}
    verdict = verdict_of(
        created(),
        submitted(422, **BIRTH_REFUSED),
        created(3, fields=other_vehicle, id_="d2"),
        submitted(at=4, id_="d2"),
    )
    [proof] = result(verdict, "422-CORRIGE").finding.proofs
    assert proof.call.id == 2
    assert proof.note == (
        "refus abandonné : FORM_INVALID jamais suivi d'une soumission corrigée de cette "
        "déclaration ou de ce véhicule"
    )
    assert proof.field_errors == (
        "date_naissance (Date de Naissance) : Le champ date de naissance est obligatoire",
    )


def test_the_dealer_correcting_on_the_portal_is_a_corrected_submission() -> None:
    typed = call(
        "centralisateur",
        "POST",
        "/declarations/d1/formulaire",
        302,
        at=5,
        who=None,
        body={"date_naissance": ["17/05/1960"]},
    )
    verdict = verdict_of(created(), submitted(422, **BIRTH_REFUSED), typed)
    assert verdict.status_of("422-CORRIGE") == PASSED, as_text(verdict)


def test_idempotent_puts_and_replayed_posts_are_no_burst() -> None:
    profile = [
        call("centralisateur", "PUT", "/api/v1/profile", at=0.4 * n, body={"icare_id": "IC-1"})
        for n in range(4)
    ]
    assert verdict_of(*profile).status_of("PAS-DE-RAFALE") == PASSED
    refused = [
        call("centralisateur", "PUT", "/api/v1/profile", 500, at=0.4 * n, body={"icare_id": "I"})
        for n in range(3)
    ]
    burst = verdict_of(*refused)
    assert notes(burst, "PAS-DE-RAFALE") == [(3, "3 appels identiques en 0.800 s (au plus 2 s)", 1)]
    replayed = [declared_at_once(0.3 * n, key="k1") for n in range(3)]
    assert verdict_of(*replayed).status_of("PAS-DE-RAFALE") == PASSED
    resent = [declared_at_once(0.3 * n, status=500, key="k1") for n in range(3)]
    assert verdict_of(*resent).status_of("PAS-DE-RAFALE") == FAILED


def test_birth_data_is_left_to_the_dealer_and_a_correction_asked_for_is_not_held_against() -> None:
    verdict = verdict_of(
        created(),
        submitted(422, **BIRTH_REFUSED),
        patched(2, date_naissance="17/05/1960", lieu_naissance="Tours"),
        submitted(at=3),
    )
    assert verdict.status_of("BROUILLON-COMPLET") == PASSED, as_text(verdict)


def test_an_empty_field_is_held_against_the_dms_only_with_a_proof_it_had_it() -> None:
    alone = verdict_of(created(), submitted())
    assert alone.status_of("BROUILLON-COMPLET") == PASSED  # nothing says the BDC had more
    bdc = {DRAFT["vin"]: {**DRAFT, "km_vente": "12000", "date_naissance": "17/05/1960"}}
    verdict = verdict_of(created(), submitted(), bdc_fields=bdc)
    assert notes(verdict, "BROUILLON-COMPLET") == [
        (
            1,
            "km_vente laissé vide dans le brouillon remis, alors que le DMS l'avait : « 12000 », "
            "porté par le BDC (--bdc)",
            None,
        )
    ]
    typed = call(
        "centralisateur",
        "POST",
        "/declarations/d1/formulaire",
        302,
        at=5,
        who=None,
        body={"marque": ["PEUGEOT"], "complement_adresse": ["Bât. B"], "lieu_naissance": ["Tours"]},
    )
    opened = call("centralisateur", "GET", "/declarations/d1", at=2, who=None)
    by_dealer = verdict_of(created(), opened, typed)
    assert [
        (p.field_name, p.value) for p in result(by_dealer, "BROUILLON-COMPLET").finding.proofs
    ] == [("marque", "PEUGEOT")]
