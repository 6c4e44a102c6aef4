"""Against the live fakes: PVO²'s client passes every rule in every scenario, and a careless DMS
fails exactly the rules it breaks, with the calls that prove it."""

from __future__ import annotations

import pytest
import requests

from harness.conformance.checks import FAILED, PASSED
from harness.conformance.fixtures import Conformance
from harness.conformance.report import as_text
from harness.conformance.scenarios import SCENARIOS, prepare
from harness.servers import Sandbox
from pvo_client.bdc_file import read_bdc
from pvo_client.centralisateur import CentralisateurClient
from pvo_client.flow import configure_profile_from_bdc
from pvo_client.guidewire import GuidewireClient
from pvo_client.mapping import build_prefill
from tests.conformance import plays
from tests.pvo_client.pvo_paths import PEUGEOT

DEALER = "953617Z"  # the dealer of the plugin's centralisateur_client


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_pvo_client_passes_every_rule_of_every_scenario(
    name: str,
    sandbox: Sandbox,
    conformance: Conformance,
    centralisateur_client: CentralisateurClient,
    guidewire_client: GuidewireClient,
) -> None:
    scenario = SCENARIOS[name]
    prepare(scenario, sandbox.urls)
    plays.PLAYS[name](centralisateur_client, guidewire_client)
    verdict = conformance.assert_conforms(DEALER)
    for code in scenario.rules:
        assert verdict.status_of(code) == PASSED, f"{name} does not exercise {code}"


@pytest.mark.parametrize(
    ("scenario", "play", "client", "broken", "proof"),
    [
        (
            "icare-indisponible",
            plays.redeclares,
            GuidewireClient,
            {"CONTRAT-EN-ATTENTE", "BDC-UNIQUE"},
            "déclaré de nouveau au lieu de relancer",
        ),
        ("nominal", plays.iso_dates, GuidewireClient, {"FORMATS"}, "attendu JJ/MM/AAAA"),
        ("jeton-expire", plays.psa, plays.TokenPerCall, {"GW-JETON"}, "nouveau jeton alors que"),
        (
            "refus-422",
            plays.resubmits_refused,
            GuidewireClient,
            {"422-CORRIGE"},
            "même contenu renvoyé après le refus",
        ),
    ],
    ids=["redeclares", "iso-dates", "token-per-call", "resubmits-refused"],
)
def test_a_careless_dms_fails_exactly_the_rules_it_breaks(
    scenario: str,
    play: plays.Play,
    client: type[GuidewireClient],
    broken: set[str],
    proof: str,
    sandbox: Sandbox,
    conformance: Conformance,
    centralisateur_client: CentralisateurClient,
) -> None:
    prepare(SCENARIOS[scenario], sandbox.urls)
    with client(sandbox.urls["guidewire"], "pvo2", "pvo2-secret") as guidewire:
        play(centralisateur_client, guidewire)
    verdict = conformance.verdict(DEALER)
    assert {r.rule.code for r in verdict.failed} == broken, as_text(verdict)
    report = as_text(verdict)
    assert proof in report
    assert "Verdict : NON CONFORME" in report


def test_a_dms_that_hands_off_opens_form_url_and_lets_the_dealer_submit(
    conformance: Conformance, centralisateur_client: CentralisateurClient
) -> None:
    bdc = read_bdc(PEUGEOT)
    configure_profile_from_bdc(bdc, centralisateur_client)
    draft = centralisateur_client.create_declaration(build_prefill(bdc), "spoticar")
    requests.get(draft.form_url, timeout=5)  # the dealer's browser, sent to the login page
    assert conformance.verdict(DEALER, hand_off=True).status_of("FORM-URL") == PASSED
    centralisateur_client.submit(draft.id)
    behind = conformance.verdict(DEALER, hand_off=True)
    assert behind.status_of("FORM-URL") == FAILED
    assert "soumis par l'API, dans le dos du vendeur" in as_text(behind)
