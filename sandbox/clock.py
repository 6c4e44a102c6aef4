""" "Today" for a fake: the real date unless a test clock is set (config `TODAY`, ISO date)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import current_app, has_app_context


def today() -> date:
    """The date warranty rules and eligibility use; settable so that runs are repeatable."""
    fixed = current_app.config.get("TODAY")
    return date.fromisoformat(fixed) if fixed else date.today()


def now() -> datetime:
    """The current instant in UTC, moved to the sandbox clock's day when a test fixed it (the
    real instant outside a running fake)."""
    instant = datetime.now(UTC)
    if not has_app_context() or not current_app.config.get("TODAY"):
        return instant
    day = today()
    return instant.replace(year=day.year, month=day.month, day=day.day)
