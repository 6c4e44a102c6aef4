"""Who signed in to MyIcare: a dealer, with its Icare identifier and its password.

Sessions are rows of `icare_sessions` (`sandbox.sessions`); an unknown identifier costs the same
as a wrong password and repeated failures are refused for a while (`sandbox.logins`). The JSON
API is not concerned: only the Centralisateur calls it, with its own credentials.
"""

from __future__ import annotations

from flask import current_app, request
from sqlalchemy.orm import Session

from fake_icare import store
from sandbox import logins, sessions
from sandbox.db import request_session

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


def request_dealer() -> str | None:
    """Whose call this is, for one dealer's faults and clock, as its code RRDI: the dealer of
    the contract the Centralisateur sends, of the path (`/dealers/<icare_id>`, a contract's
    number), else MyIcare's signed-in dealer."""
    db_session = request_session()
    body = request.get_json(silent=True) if request.is_json else None
    icare_id = body.get("dealer_icare_id") if isinstance(body, dict) else None
    arguments = request.view_args or {}
    icare_id = icare_id or arguments.get("icare_id")
    if icare_id is None and "contract_number" in arguments:
        contract = store.find_contract(db_session, str(arguments["contract_number"]))
        icare_id = contract.dealer_icare_id if contract is not None else None
    icare_id = icare_id or store.sessions.owner(db_session)
    dealer = store.find_dealer(db_session, str(icare_id).strip().upper()) if icare_id else None
    return dealer.code_rrdi if dealer is not None else None
