"""Who is calling: a dealer logged in on the portal (session cookie) or PVO² on the API (Basic).

Passwords are stored hashed (scrypt). Checking scrypt takes tens of milliseconds, so the API keeps
a small cache of credentials it has already verified, keyed by a keyed hash of the password and
by the stored hash (a changed password is never served from the cache). An unknown code costs
the same as a wrong password, and repeated failures for one code are refused for a while
(`sandbox.logins`). Portal sessions are rows of `cz_sessions` (`sandbox.sessions`).
"""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app, request
from sqlalchemy.orm import Session

from fake_centralisateur import store
from sandbox import logins, sessions
from sandbox.db import request_session
from sandbox.sessions import safe_next as safe_next  # where the views find it

_VERIFIED_MAX = 1024

login_required = sessions.login_required("portal.login")


def authenticate(db_session: Session, code_rrdi: str, password: str) -> store.Dealer | None:
    """The dealer whose code and password these are, or None.

    Raises `logins.TooManyAttempts` when this code failed too often lately.
    """
    return logins.attempt(
        db_session,
        store.login_failures,
        code_rrdi.strip().upper(),
        logins.Limits.from_config(current_app.config),
        lambda: _check(db_session, code_rrdi, password),
    )


def _check(db_session: Session, code_rrdi: str, password: str) -> store.Dealer | None:
    dealer = store.dealer_by_code(db_session, code_rrdi)
    if dealer is None:
        logins.check_password(None, password)
        return None
    verified: dict[tuple[str, str], bool] = current_app.extensions.setdefault(
        "centralisateur.verified", {}
    )
    key = (
        dealer.password_hash,
        hmac.new(current_app.secret_key.encode(), password.encode(), hashlib.sha256).hexdigest(),
    )
    if key not in verified:
        if not logins.check_password(dealer.password_hash, password):
            return None
        if len(verified) >= _VERIFIED_MAX:
            verified.clear()
        verified[key] = True
    return dealer


def logged_in_dealer(db_session: Session) -> store.Dealer | None:
    code_rrdi = store.sessions.owner(db_session)
    return store.dealer_by_code(db_session, code_rrdi) if code_rrdi else None


def request_dealer() -> str | None:
    """Whose call this is, for one dealer's faults and clock: the API's HTTP Basic login, else
    the portal's signed-in dealer."""
    if request.authorization is not None and request.authorization.username:
        return request.authorization.username
    return store.sessions.owner(request_session())
