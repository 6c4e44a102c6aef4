""" "Today" for a fake: the real date unless a test clock is set, for every dealer or for one.

The clock set through `PUT /__admin/clock` is kept in the fake's database, so that every worker
and replica reads the same date. Without one, the configured `TODAY` (ISO date) applies, then the
real date. A reset goes back to the configured `TODAY`. `PUT /__admin/clock?dealer=953617Z` sets
that dealer's own "today": its calls read it, the other dealers keep theirs, so suites sharing a
sandbox each move their own time.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime

from flask import current_app, g, has_app_context
from sqlalchemy import delete, or_

from sandbox.admin_state import changed, current_state
from sandbox.admin_tables import current_admin_tables
from sandbox.db import current_database
from sandbox.dealers import request_dealer
from sandbox.settings import get_setting, put_setting

CLOCK = "today"
DEALER_CLOCK = "today@"  # + code RRDI: one dealer's clock
REAL_DATE = "real"  # stored when the clock was removed: the real date, even if TODAY is set


def _key(dealer: str | None) -> str:
    return CLOCK if dealer is None else DEALER_CLOCK + dealer


def _fixed_day(dealer: str | None) -> date | None:
    """The day fixed for `dealer` (its own clock, else the fake's), None for the real date."""
    stored = None
    if "sandbox.db" in current_app.extensions:  # no stored clock before the database is open
        stored = get_setting(_key(dealer)) if dealer is not None else None
        stored = stored or get_setting(CLOCK)
    fixed = current_app.config.get("TODAY") if stored is None else stored
    return date.fromisoformat(fixed) if fixed and fixed != REAL_DATE else None


def _request_day() -> date | None:
    """The day fixed for this request: its dealer's clock, when the fake has dealers' clocks
    and can tell whose call it is (asked only then), else the fake's."""
    dealer = None
    if "sandbox.db" in current_app.extensions and any(
        key.startswith(DEALER_CLOCK) for key in current_state().settings
    ):
        dealer = request_dealer()
    return _fixed_day(dealer)


def today() -> date:
    """The date warranty rules and eligibility use; settable so that runs are repeatable.

    Read once per request (and cached there), since rules may ask several times. While the
    fake is still finding out whose call it is, the fake's own clock answers, uncached."""
    if g.get("sandbox_dealer_pending"):
        return _fixed_day(None) or date.today()
    if "sandbox_today" not in g:
        g.sandbox_today = _request_day()
    return g.sandbox_today or date.today()


def is_fixed() -> bool:
    today()
    return g.get("sandbox_today") is not None


def day_of(dealer: str | None) -> tuple[date, bool]:
    """(the day, whether a clock fixed it) for `dealer`, or for the fake as a whole."""
    fixed = _fixed_day(dealer)
    return fixed or date.today(), fixed is not None


def set_today(day: date | None, dealer: str | None = None) -> None:
    """Fix the date for every worker (None: the real date), for every dealer or for one;
    `reset_clock` undoes it."""
    put_setting(_key(dealer), day.isoformat() if day else REAL_DATE)
    g.pop("sandbox_today", None)


def reset_clock(dealer: str | None = None) -> None:
    """Back to the configured date, every dealer's clock removed; for one dealer, back to the
    fake's clock."""
    if dealer is not None:
        put_setting(_key(dealer), None)
    else:
        settings = current_admin_tables().settings
        with current_database().writer() as connection:
            changed(connection)
            connection.execute(
                delete(settings).where(
                    or_(
                        settings.c.key == CLOCK,
                        settings.c.key.startswith(DEALER_CLOCK, autoescape=True),
                    )
                )
            )
    g.pop("sandbox_today", None)


def real_instant(after_s: float = 0) -> str:
    """A real instant in UTC (never the sandbox clock), `after_s` seconds from now, written
    so that instants compare as strings: when faults and leases end."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + after_s))


def now() -> datetime:
    """The current instant in UTC, moved to the sandbox clock's day when a test fixed it (the
    real instant outside a running fake)."""
    instant = datetime.now(UTC)
    if not has_app_context() or not is_fixed():
        return instant
    day = today()
    return instant.replace(year=day.year, month=day.month, day=day.day)
