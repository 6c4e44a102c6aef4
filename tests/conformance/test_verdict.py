"""The verdict's arithmetic: score, coverage, conformity and exit code at each edge (nothing
observed, no call at all, empty allowed), and the evidence grouped by vehicle."""

from __future__ import annotations

from datetime import datetime

import pytest

from harness.conformance.checks import FAILED, PASSED, UNOBSERVED, Finding, Proof
from harness.conformance.journal import Call
from harness.conformance.observed import Subject
from harness.conformance.rules import (
    EXIT_CONFORMS,
    EXIT_FAILED,
    EXIT_NOTHING,
    RULES,
    Judged,
    Verdict,
)
from tests.conformance.entries import DEALER, call, created, submitted, verdict_of

AT = datetime(2026, 1, 31, 9, 0).astimezone()


def _call(number: int) -> Call:
    return Call(
        "centralisateur", number, AT, AT, "POST", "/api/v1/declarations", DEALER, 422, {}, {}, {}
    )


def judged(index: int, status: str, *proofs: Proof) -> Judged:
    return Judged(RULES[index], Finding(status, f"{status} {index}", list(proofs)))


def test_exit_codes_are_documented_values() -> None:
    assert (EXIT_CONFORMS, EXIT_FAILED, EXIT_NOTHING) == (0, 1, 2)


def test_score_is_passed_out_of_observed_and_coverage_observed_out_of_all() -> None:
    results = [judged(0, PASSED), judged(1, FAILED), judged(2, UNOBSERVED), judged(3, PASSED)]
    verdict = Verdict(DEALER, results, calls=4)
    assert [r.rule.code for r in verdict.passed] == [RULES[0].code, RULES[3].code]
    assert [r.rule.code for r in verdict.failed] == [RULES[1].code]
    assert [r.rule.code for r in verdict.observed] == [RULES[0].code, RULES[1].code, RULES[3].code]
    assert verdict.score == 2 / 3
    assert verdict.coverage == 3 / 4
    assert (verdict.conforms, verdict.exit_code) == (False, EXIT_FAILED)
    assert verdict.status_of(RULES[2].code) == UNOBSERVED
    assert results[1].status == FAILED


@pytest.mark.parametrize(
    ("statuses", "calls", "allow_empty", "conforms", "exit_code"),
    [
        ([PASSED], 1, False, True, EXIT_CONFORMS),
        ([PASSED], 0, False, False, EXIT_NOTHING),
        ([PASSED], 0, True, True, EXIT_CONFORMS),
        ([FAILED], 0, True, False, EXIT_FAILED),
        ([FAILED], 0, False, False, EXIT_FAILED),
        ([UNOBSERVED], 1, False, True, EXIT_CONFORMS),
    ],
)
def test_conformity_and_exit_code(
    statuses: list[str], calls: int, allow_empty: bool, conforms: bool, exit_code: int
) -> None:
    results = [judged(i, s) for i, s in enumerate(statuses)]
    verdict = Verdict(DEALER, results, calls=calls, allow_empty=allow_empty)
    assert (verdict.empty, verdict.conforms, verdict.exit_code) == (calls == 0, conforms, exit_code)


def test_nothing_observed_scores_zero_and_no_rule_covers_nothing() -> None:
    assert Verdict(DEALER, [judged(0, UNOBSERVED)], calls=1).score == 0.0
    assert Verdict(DEALER, [judged(0, UNOBSERVED)], calls=1).coverage == 0.0
    assert Verdict(DEALER, [], calls=1).coverage == 0.0


def test_failed_proofs_are_grouped_by_the_vehicle_they_name() -> None:
    car = Proof(_call(1), "a", subject=Subject(vin="VIN1"))
    same_car = Proof(_call(2), "b", subject=Subject(plate="AB-123-CD", vin="VIN1"))
    nameless = Proof(_call(3), "c", subject=Subject())
    unnamed = Proof(_call(4), "d")
    passed_proof = Proof(_call(5), "e", subject=Subject(vin="VIN2"))
    verdict = Verdict(
        DEALER,
        [
            judged(0, FAILED, car, nameless),
            judged(1, FAILED, same_car, unnamed),
            judged(2, PASSED, passed_proof),
        ],
        calls=5,
    )
    sections = verdict.by_vehicle()
    assert list(sections) == ["VIN1", ""]
    assert [(j.rule.code, p.note) for j, p in sections["VIN1"]] == [
        (RULES[0].code, "a"),
        (RULES[1].code, "b"),
    ]
    assert [(j.rule.code, p.note) for j, p in sections[""]] == [
        (RULES[0].code, "c"),
        (RULES[1].code, "d"),
    ]


def test_judge_judges_every_rule_in_order_and_names_the_vehicle() -> None:
    since = AT
    verdict = verdict_of(created(), submitted(422), submitted(200, at=2), since=since)
    assert [r.rule.code for r in verdict.results] == [rule.code for rule in RULES]
    assert (verdict.dealer, verdict.since, verdict.calls, verdict.allow_empty) == (
        DEALER,
        since,
        3,
        False,
    )
    failed = verdict.failed
    assert [r.rule.code for r in failed] == ["422-CORRIGE"]
    proof = failed[0].finding.proofs[0]
    assert proof.subject is not None and proof.subject.vin == "VR3UPHNKSNT000001"
    assert list(verdict.by_vehicle()) == ["VR3UPHNKSNT000001"]


def test_judge_passes_allow_empty_on() -> None:
    empty = verdict_of(
        call("icare", "GET", "/api/v1/contracts/IC1", 200, who="centralisateur"), allow_empty=True
    )
    assert (empty.calls, empty.allow_empty, empty.exit_code) == (0, True, EXIT_CONFORMS)
    assert (
        verdict_of(call("icare", "GET", "/x", 200, who="centralisateur")).exit_code == EXIT_NOTHING
    )


def test_a_verdict_is_dated_when_judged() -> None:
    before = datetime.now().astimezone()
    verdict = Verdict(DEALER, [])
    assert (verdict.since, verdict.calls, verdict.allow_empty) == (None, 0, False)
    assert (verdict.empty, verdict.exit_code) == (True, EXIT_NOTHING)
    assert before <= verdict.judged_at <= datetime.now().astimezone()
    assert verdict.judged_at.tzinfo is not None
