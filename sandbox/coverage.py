"""Where a warranty or a policy stands on a given day: to come, in force, or expired.

Derived from its period and the sandbox clock each time it is read, never stored: moving a
dealer's clock (`PUT /__admin/clock?dealer=…`) moves what every page and API says of its
contracts, with no job flipping rows. Each fake names the states in its own vocabulary.
"""

from __future__ import annotations

from datetime import date, timedelta

from sandbox.clock import day_of

UPCOMING, IN_FORCE, EXPIRED = "upcoming", "in_force", "expired"
# What a dealer reads on the French pages.
LABELS = {UPCOMING: "À venir", IN_FORCE: "En vigueur", EXPIRED: "Expiré"}


def state_on(day: date, start: date, end: date, *, end_covered: bool) -> str:
    """The state of the period [start, end] on `day`. `end_covered` says whether `end` is the
    last day covered (a Guidewire policy's `periodEnd`) or the first day no longer covered
    (Icare's half-open periods, where a renewal may start the day the previous one ends)."""
    first_uncovered = end + timedelta(days=1) if end_covered else end
    if day < start:
        return UPCOMING
    return IN_FORCE if day < first_uncovered else EXPIRED


def state_for(dealer: str | None, start: date, end: date, *, end_covered: bool) -> str:
    """The state on the day of `dealer`'s clock (the fake's clock when None)."""
    return state_on(day_of(dealer)[0], start, end, end_covered=end_covered)
