"""Each rule on journals written by hand: it fails on what it forbids, with the call that proves
it, and passes or is not observed otherwise. Then the reports, read back as their tools do."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import pytest

from harness.conformance.checks import ALWAYS_HELD, FAILED, PASSED, UNOBSERVED
from harness.conformance.report import as_html, as_json, as_junit, as_text
from harness.conformance.rules import RULES
from pvo_client.bdc_file import read_bdc
from pvo_client.mapping import MAPPING, build_prefill
from tests.conformance.entries import (
    ACCOUNT,
    BIRTH_REFUSED,
    DEALER,
    call,
    created,
    gw_post,
    patched,
    submitted,
    token,
    verdict_of,
)
from tests.pvo_client.pvo_paths import DECLARABLE

CASES = {
    "AUTH-BASIC": (call("centralisateur", "GET", "/api/v1/profile", 401), "identifiants"),
    "ICARE-VIA-CENTRALISATEUR": (
        call("icare", "POST", "/api/v1/contracts", 201, who=DEALER),
        "Icare appelé par « 953617Z »",
    ),
    "GW-JETON": (
        (token(0), gw_post("/account/v1/accounts", body=ACCOUNT, at=1), token(2)),
        "nouveau jeton alors que",
    ),
    "BROUILLON-COMPLET": (
        (
            created(),
            submitted(422, **BIRTH_REFUSED),
            patched(2, date_naissance="17/05/1960", km_vente="12000"),
            submitted(at=3),
        ),
        "km_vente laissé vide dans le brouillon remis, alors que le DMS l'avait : « 12000 »",
    ),
    "FORMATS": (created(fields={"date_livraison": "2025-11-30"}), "attendu JJ/MM/AAAA"),
    "CHAMPS-CONNUS": (created(fields={"bdc_numero": "8120417"}), "bdc_numero"),
    "422-CORRIGE": ((created(), submitted(422), submitted(200, at=2)), "même contenu renvoyé"),
    "PAS-DE-RAFALE": (
        tuple(submitted(409, at=0.5 * n) for n in range(3)),
        "3 appels identiques",
    ),
    "RETRY-AFTER": ((created(), submitted(503), submitted(200, at=1.5)), "Retry-After : 1 s"),
    "CONTRAT-EN-ATTENTE": (
        (created(), submitted(contract={"status": "en attente"})),
        "jamais relancé",
    ),
    "BDC-UNIQUE": (
        (created(), submitted(), created(3, id_="d2"), submitted(at=4, id_="d2")),
        "envoyé de nouveau : véhicule déjà déclaré (n° DEC-d1)",
    ),
    "PSA-COMPTE": (
        (
            gw_post("/account/v1/accounts", body=ACCOUNT, answer={"data": {"id": "pc:1"}}),
            gw_post("/account/v1/accounts", body=ACCOUNT, at=9, tx="t2"),
        ),
        "second compte pour Anne VALENTIN",
    ),
    "PSA-CHECKSUM": (
        (
            gw_post("/job/v1/submissions", body=ACCOUNT, answer={"data": {"id": "pc:2"}}),
            gw_post("/job/v1/jobs/pc:2/quote", 200, body={"data": {}}, tx="t2"),
        ),
        "ni data.checksum ni GW-Checksum",
    ),
    "PSA-TRANSACTION": (
        (
            gw_post("/account/v1/accounts", 503, body=ACCOUNT),
            gw_post("/account/v1/accounts", body=ACCOUNT, at=5, tx="t2"),
        ),
        "avec un autre GW-DBTransaction-ID",
    ),
}


def test_every_rule_is_put_to_the_test_here_and_reads_in_french() -> None:
    codes = [rule.code for rule in RULES]
    assert len(set(codes)) == len(codes)
    assert set(codes) == set(CASES) | {"FORM-URL"}
    for rule in RULES:
        assert rule.title and rule.why.endswith(".") and rule.evidence


@pytest.mark.parametrize("code", list(CASES))
def test_a_rule_fails_on_what_it_forbids_with_the_call_that_proves_it(code: str) -> None:
    entries, proof = CASES[code]
    verdict = verdict_of(*(entries if isinstance(entries, tuple) else (entries,)))
    assert verdict.status_of(code) == FAILED, as_text(verdict)
    assert proof in as_text(verdict)
    assert verdict.score < 1 and not verdict.conforms


def test_nothing_observed_is_not_a_failure() -> None:
    verdict = verdict_of(call("centralisateur", "GET", "/api/v1/profile"))
    assert verdict.status_of("AUTH-BASIC") == PASSED
    assert verdict.status_of("RETRY-AFTER") == UNOBSERVED
    assert verdict.conforms and verdict.score == 1.0
    assert verdict.coverage == pytest.approx(1 / len(RULES))  # authentication only


def test_the_retry_route_completes_a_pending_contract() -> None:
    retried = call("centralisateur", "POST", "/api/v1/declarations/d1/contract", at=5)
    pending = submitted(contract={"status": "en attente"})
    assert verdict_of(created(), pending, retried).status_of("CONTRAT-EN-ATTENTE") == PASSED


@pytest.mark.parametrize(("after", "status"), [(1.0, PASSED), (0.999, FAILED), (0.2, FAILED)])
def test_retry_after_is_counted_from_the_answer_to_the_arrival_in_milliseconds(
    after: float, status: str
) -> None:
    """The 503 arrives at 1 s and is answered at 1.05 s with `Retry-After: 1`."""
    unavailable = submitted(503, answer_headers={"Retry-After": "1"})
    verdict = verdict_of(created(), unavailable, submitted(at=1.05 + after))
    assert verdict.status_of("RETRY-AFTER") == status, as_text(verdict)


def test_every_early_retry_is_caught_not_only_the_first() -> None:
    unavailable = [submitted(503, at=1 + 0.2 * n, took=0.01) for n in range(4)]
    verdict = verdict_of(created(), *unavailable, submitted(at=2.7))
    [result] = [r for r in verdict.results if r.rule.code == "RETRY-AFTER"]
    assert [p.call.id for p in result.finding.proofs] == [3, 4, 5]
    assert result.finding.proofs[0].note == (
        "relancé 0.190 s après le 503 répondu à 09:00:01.010 (Retry-After : 1 s)"
    )


def test_a_corrected_draft_may_be_submitted_again() -> None:
    patch = call(
        "centralisateur", "PATCH", "/api/v1/declarations/d1", at=1.5, body={"fields": {"nom": "X"}}
    )
    verdict = verdict_of(created(), submitted(422), patch, submitted(at=2))
    assert verdict.status_of("422-CORRIGE") == PASSED


def test_hand_off_is_judged_only_when_claimed() -> None:
    opened = call("centralisateur", "GET", "/declarations/d1", 302, at=1, who=None)
    assert verdict_of(created(), opened).status_of("FORM-URL") == UNOBSERVED
    assert verdict_of(created(), opened, hand_off=True).status_of("FORM-URL") == PASSED
    behind = verdict_of(created(), submitted(), hand_off=True)
    assert behind.status_of("FORM-URL") == FAILED
    assert "dans le dos du vendeur" in as_text(behind)


def test_a_closed_bdc_always_fills_what_the_coverage_rule_requires() -> None:
    assert set(ALWAYS_HELD) <= {row.field for row in MAPPING}
    for path in DECLARABLE:
        assert set(ALWAYS_HELD) <= set(build_prefill(read_bdc(path))), path.name


def test_reports_read_back_by_their_tools() -> None:
    verdict = verdict_of(created(fields={"date_livraison": "<b>30/11/2025</b>"}))
    suite = ElementTree.fromstring(as_junit(verdict))
    assert suite.get("tests") == str(len(RULES)) and suite.get("failures") == "1"
    failures = {c.get("name").split()[0]: c for c in suite if c.find("failure") is not None}
    assert set(failures) == {"FORMATS"}
    assert "attendu JJ/MM/AAAA" in failures["FORMATS"].findtext("failure")
    assert len(suite.findall("testcase/skipped")) == len(RULES) - len(verdict.observed)
    data = json.loads(json.dumps(as_json(verdict)))
    assert data["conforms"] is False and data["observed"] == len(verdict.observed)
    formats = next(r for r in data["rules"] if r["code"] == "FORMATS")
    assert formats["status"] == "échoué" and formats["outcome"] == "failed"
    assert formats["calls"][0]["status"] == 201
    html = as_html(verdict)
    assert "<b>" not in html and "&lt;b&gt;30/11/2025" in html


def test_a_token_refused_must_be_renewed_before_the_call_is_sent_again() -> None:
    refused = gw_post("/account/v1/accounts", 401, body=ACCOUNT)
    again = gw_post("/account/v1/accounts", body=ACCOUNT)
    renewed = verdict_of(token(0), refused, token(0), again)
    assert renewed.status_of("GW-JETON") == PASSED, as_text(renewed)
    stale = verdict_of(token(0), refused, again)
    assert stale.status_of("GW-JETON") == FAILED
    assert "appel relancé sans nouveau jeton après un 401" in as_text(stale)


def test_the_readme_gives_every_rules_semantics_and_the_exit_codes() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Certifier votre DMS", 1)[1].split("\n## ", 1)[0]
    rows = [
        line.split("|")[1].strip(" `") for line in section.splitlines() if line.startswith("| `")
    ]
    assert rows == [rule.code for rule in RULES]
    assert "**Exit codes.** `0`: no rule failed. `1`: at least one rule failed. `2`:" in section
