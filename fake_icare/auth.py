"""Who signed in to MyIcare: a dealer, with its Icare identifier and its password.

Sessions are rows of `icare_sessions` (`sandbox.sessions`); an unknown identifier costs the same
as a wrong password and repeated failures are refused for a while (`sandbox.logins`). The JSON
API is not concerned: only the Centralisateur calls it, with its own credentials.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy.orm import Session

from fake_icare import store
from sandbox import logins, sessions

login_required = sessions.login_required("myicare.login")


def authenticate(db_session: Session, icare_id: str, password: str) -> store.Dealer | None:
    """The dealer whose identifier and password these are, or None.

    Raises `logins.TooManyAttempts` when this identifier failed too often lately.
    """
    icare_id = icare_id.strip().upper()

    def check() -> store.Dealer | None:
        dealer = store.find_dealer(db_session, icare_id)
        stored = dealer.password_hash if dealer is not None else None
        return dealer if logins.check_password(stored, password) else None

    limits = logins.Limits.from_config(current_app.config)
    return logins.attempt(db_session, store.login_failures, icare_id, limits, check)


def signed_in_dealer(db_session: Session) -> store.Dealer | None:
    icare_id = store.sessions.owner(db_session)
    return store.find_dealer(db_session, icare_id) if icare_id else None
