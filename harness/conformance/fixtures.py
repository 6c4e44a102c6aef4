"""The rules for a team that drives its own DMS from pytest: the `conformance` fixture.

def test_my_dms_declares_as_required(sandbox, conformance):
    my_dms.declare(bdc, url=sandbox.urls["centralisateur"])
    conformance.assert_conforms()    # the test's dealer: 953617Z, or its own on a shared sandbox
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pytest

from harness.admin_client import SandboxAdmin
from harness.conformance.journal import read_journals
from harness.conformance.report import as_text
from harness.conformance.rules import Verdict, judge
from sandbox.dealers import DemoDealer


@dataclass
class Conformance:
    """The verdict of the rules on the running sandbox's journals."""

    urls: dict[str, str]
    dealer: str = "953617Z"  # the test's dealer, judged unless another is named

    def verdict(
        self, dealer: str | None = None, *, hand_off: bool = False, since: datetime | None = None
    ) -> Verdict:
        journals = read_journals(self.urls, since)
        return judge(journals, dealer or self.dealer, hand_off=hand_off, since=since)

    def assert_conforms(self, dealer: str | None = None, *, hand_off: bool = False) -> Verdict:
        """The verdict; AssertionError with the whole report when a rule failed, or when the
        journals hold no call of the dealer (nothing judged is no pass)."""
        verdict = self.verdict(dealer, hand_off=hand_off)
        assert verdict.conforms, as_text(verdict)
        return verdict


@pytest.fixture
def conformance(sandbox: SandboxAdmin, sandbox_dealer: DemoDealer) -> Conformance:
    """The conformance rules on the `sandbox` fakes (reset for this test), judging the test's
    dealer (`sandbox_dealer`: its own on a deployed sandbox)."""
    return Conformance(sandbox.urls, sandbox_dealer.code_rrdi)
