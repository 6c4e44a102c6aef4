"""A policy's `displayStatus` follows its producer's sandbox clock, derived at each read, at
each boundary of its period (30/11/2025 to 29/11/2026, its last day covered)."""

from __future__ import annotations

import pytest

from harness.admin_client import FakeAdmin
from harness.servers import ServerThread
from sandbox.dealers import AXILOG
from tests.guidewire.guidewire_actions import GuidewireActions


@pytest.mark.parametrize(
    ("day", "status"),
    [
        ("2025-11-29", "Scheduled"),  # the day before the start
        ("2025-11-30", "In Force"),  # the start day
        ("2026-11-29", "In Force"),  # periodEnd, the last day covered
        ("2026-11-30", "Expired"),  # the day after
    ],
)
def test_the_status_follows_the_producers_clock(
    gw: GuidewireActions, live: ServerThread, day: str, status: str
) -> None:
    job_id = gw.draft()
    gw.quote(job_id)
    bound = gw.bind(job_id).json["data"]["attributes"]
    uri = bound["policy"]["uri"]
    assert gw.get(uri).json["data"]["attributes"]["displayStatus"] == "In Force"
    FakeAdmin(live.url).set_today(day, dealer=AXILOG.code_rrdi)
    policy = gw.get(uri).json["data"]["attributes"]
    assert (policy["periodEnd"], policy["displayStatus"]) == ("2026-11-29", status)
