""" "Today" for a fake: the real date unless a test clock is set (config `TODAY`, ISO date)."""

from __future__ import annotations

from datetime import date

from flask import current_app


def today() -> date:
    """The date warranty rules and eligibility use; settable so that runs are repeatable."""
    fixed = current_app.config.get("TODAY")
    return date.fromisoformat(fixed) if fixed else date.today()
