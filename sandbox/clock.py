""" "Today" for a fake: the real date unless a test clock is set.

The clock set through `PUT /__admin/clock` is kept in the fake's database, so that every worker
and replica reads the same date. Without one, the configured `TODAY` (ISO date) applies, then the
real date. A reset goes back to the configured `TODAY`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import current_app, g, has_app_context

from sandbox.settings import get_setting, put_setting

CLOCK = "today"
REAL_DATE = "real"  # stored when the clock was removed: the real date, even if TODAY is set


def today() -> date:
    """The date warranty rules and eligibility use; settable so that runs are repeatable.

    Read once per request (and cached there), since rules may ask several times."""
    if "sandbox_today" not in g:
        # No stored clock before the database is open (a fake seeding its first state).
        stored = get_setting(CLOCK) if "sandbox.db" in current_app.extensions else None
        fixed = current_app.config.get("TODAY") if stored is None else stored
        g.sandbox_today = date.fromisoformat(fixed) if fixed and fixed != REAL_DATE else None
    return g.sandbox_today or date.today()


def is_fixed() -> bool:
    today()
    return g.sandbox_today is not None


def set_today(day: date | None) -> None:
    """Fix the date for every worker (None: the real date); `reset_clock` undoes it."""
    put_setting(CLOCK, day.isoformat() if day else REAL_DATE)
    g.pop("sandbox_today", None)


def reset_clock() -> None:
    put_setting(CLOCK, None)
    g.pop("sandbox_today", None)


def now() -> datetime:
    """The current instant in UTC, moved to the sandbox clock's day when a test fixed it (the
    real instant outside a running fake)."""
    instant = datetime.now(UTC)
    if not has_app_context() or not is_fixed():
        return instant
    day = today()
    return instant.replace(year=day.year, month=day.month, day=day.day)
