from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from flask import Flask

from sandbox.clock import now


def test_now_is_on_the_sandbox_clock_day_when_a_test_fixed_it() -> None:
    app = Flask(__name__)
    app.config["TODAY"] = "2025-11-30"
    with app.app_context():
        instant = now()
    assert instant.date() == date(2025, 11, 30) and instant.tzinfo is UTC


def test_now_is_the_real_instant_otherwise() -> None:
    with Flask(__name__).app_context():
        assert abs(now() - datetime.now(UTC)) < timedelta(seconds=5)
    assert abs(now() - datetime.now(UTC)) < timedelta(seconds=5)
