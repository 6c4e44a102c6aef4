"""The rules for a team that drives its own DMS from pytest: the `conformance` fixture.

def test_my_dms_declares_as_required(sandbox, conformance):
    my_dms.declare(bdc, url=sandbox.urls["centralisateur"])
    conformance.assert_conforms("953617Z")
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pytest

from harness.admin_client import SandboxAdmin
from harness.conformance.journal import read_journals
from harness.conformance.report import as_text
from harness.conformance.rules import Verdict, judge


@dataclass
class Conformance:
    """The verdict of the rules on the running sandbox's journals."""

    urls: dict[str, str]

    def verdict(
        self, dealer: str = "953617Z", *, hand_off: bool = False, since: datetime | None = None
    ) -> Verdict:
        return judge(read_journals(self.urls, since), dealer, hand_off=hand_off, since=since)

    def assert_conforms(self, dealer: str = "953617Z", *, hand_off: bool = False) -> Verdict:
        """The verdict; AssertionError with the whole report when a rule failed, or when the
        journals hold no call of the dealer (nothing judged is no pass)."""
        verdict = self.verdict(dealer, hand_off=hand_off)
        assert verdict.conforms, as_text(verdict)
        return verdict


@pytest.fixture
def conformance(sandbox: SandboxAdmin) -> Conformance:
    """The conformance rules on the `sandbox` fakes (reset for this test)."""
    return Conformance(sandbox.urls)
