"""Evidence a person can act on: each proof names the vehicle, the declaration, the field and
value; nothing to judge is said, not passed; what a DMS sent cannot rewrite the terminal."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from xml.etree import ElementTree

from harness.conformance.checks import FAILED
from harness.conformance.journal import Journal
from harness.conformance.report import as_html, as_json, as_junit, as_text, printable
from harness.conformance.rules import EXIT_CONFORMS, EXIT_FAILED, EXIT_NOTHING, judge
from tests.conformance.entries import DEALER, DRAFT, VEHICLE, created, submitted, verdict_of

ISO = {**DRAFT, "date_livraison": "2025-11-30"}


def test_a_proof_names_the_vehicle_the_declaration_and_the_field_at_fault() -> None:
    verdict = verdict_of(created(fields=ISO), submitted())
    [proof] = next(r for r in verdict.results if r.rule.code == "FORMATS").finding.proofs
    assert proof.describe().splitlines() == [
        "centralisateur #1 09:00:00.000 POST /api/v1/declarations → 201 : "
        "date_livraison = « 2025-11-30 » : attendu JJ/MM/AAAA",
        f"  {VEHICLE} ; déclaration n° DEC-d1 (id d1)",
    ]
    [formats] = [r for r in as_json(verdict)["rules"] if r["code"] == "FORMATS"]
    assert formats["calls"][0]["vehicle"] == {
        "vin": "VR3UPHNKSNT000001",
        "plate": "GH-512-KL",
        "declaration_id": "d1",
        "declaration_number": "DEC-d1",
        "holder": None,
        "job": None,
    }
    assert (formats["calls"][0]["field"], formats["calls"][0]["value"]) == (
        "date_livraison",
        "2025-11-30",
    )


def test_nothing_of_the_dealer_is_no_verdict_in_every_output() -> None:
    empty = judge(Journal({}), DEALER)
    assert (empty.empty, empty.conforms, empty.exit_code) == (True, False, EXIT_NOTHING)
    assert as_text(empty).splitlines()[-2:] == [
        "Score : aucune règle observée ; couverture : 0/15 règles observées (0 %).",
        "Verdict : rien à juger, aucun appel du point de vente 953617Z au journal : vérifiez "
        "l'URL du sandbox, le code RRDI et la période (--since) ; aucun verdict n'est rendu.",
    ]
    data = as_json(empty)
    assert (data["empty"], data["conforms"], data["exit_code"], data["calls_observed"]) == (
        True,
        False,
        2,
        0,
    )
    suite = ElementTree.fromstring(as_junit(empty))
    assert suite.get("errors") == "1" and suite.get("tests") == "16"
    [case] = [c for c in suite if c.find("error") is not None]
    assert case.get("name") == "Appels du point de vente au journal"
    allowed = judge(Journal({}), DEALER, allow_empty=True)
    assert (allowed.conforms, allowed.exit_code) == (True, EXIT_CONFORMS)
    assert ElementTree.fromstring(as_junit(allowed)).get("errors") == "0"


def test_exit_codes_follow_the_verdict() -> None:
    assert verdict_of(created(), submitted()).exit_code == EXIT_CONFORMS
    assert verdict_of(created(fields=ISO)).exit_code == EXIT_FAILED


def test_values_a_dms_sent_reach_the_terminal_and_the_xml_without_control_characters() -> None:
    hostile = {**DRAFT, "vin": "VR3\x1b[2J\x1b[HUPHNKSNT\r000001\u202e", "date_livraison": "x\x07"}
    verdict = verdict_of(created(fields=hostile))
    text = as_text(verdict)
    assert "\x1b" not in text and "\r" not in text and "\x07" not in text and "\u202e" not in text
    assert "VR3[2J[HUPHNKSNT000001" in text
    ElementTree.fromstring(as_junit(verdict))  # well-formed XML despite the escapes
    assert printable("a\tb\x00c\nd\x9be") == "abc\nde"


class _Sections(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.headings: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in = tag if tag in ("h2", "h3") else None

    def handle_data(self, data: str) -> None:
        if self._in:
            self.headings.append(f"{self._in}:{data.strip()}")
            self._in = None


def test_the_html_report_has_a_section_per_rule_and_per_vehicle() -> None:
    other = {**DRAFT, "vin": "VF1RFB00067654321", "immatriculation": "FA-404-KE"}
    verdict = verdict_of(
        created(fields=ISO),
        submitted(),
        created(3, fields={**other, "bdc_numero": "1"}, id_="d2"),
        submitted(at=4, id_="d2"),
    )
    assert {r.rule.code for r in verdict.failed} == {"FORMATS", "CHAMPS-CONNUS"}
    parser = _Sections()
    parser.feed(as_html(verdict))
    assert parser.headings == [
        "h2:Par règle",
        "h2:Par véhicule",
        f"h3:{VEHICLE} ; déclaration n° DEC-d1 (id d1)",
        "h3:véhicule VIN VF1RFB00067654321, immatriculation FA-404-KE ; déclaration n° DEC-d2 "
        "(id d2)",
    ]
    assert json.loads(json.dumps(as_json(verdict)))["exit_code"] == 1
    assert all(r.status == FAILED for r in verdict.failed)
