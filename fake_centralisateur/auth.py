"""Who is calling: a dealer logged in on the portal (session cookie) or PVO² on the API (Basic).

Passwords are stored hashed (scrypt). Checking scrypt takes tens of milliseconds, so the API keeps
a small cache of credentials it has already verified, keyed by a keyed hash of the password and
by the stored hash (a changed password is never served from the cache).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask import current_app, g, redirect, request, session, url_for
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash

from fake_centralisateur import store

_VERIFIED_MAX = 1024


def authenticate(db_session: Session, code_rrdi: str, password: str) -> store.Dealer | None:
    """The dealer whose code and password these are, or None."""
    dealer = store.dealer_by_code(db_session, code_rrdi)
    if dealer is None:
        return None
    verified: dict[tuple[str, str], bool] = current_app.extensions.setdefault(
        "centralisateur.verified", {}
    )
    key = (
        dealer.password_hash,
        hmac.new(current_app.secret_key.encode(), password.encode(), hashlib.sha256).hexdigest(),
    )
    if key not in verified:
        if not check_password_hash(dealer.password_hash, password):
            return None
        if len(verified) >= _VERIFIED_MAX:
            verified.clear()
        verified[key] = True
    return dealer


def log_in(dealer: store.Dealer) -> None:
    session.clear()
    session["dealer_id"] = dealer.id


def logged_in_dealer(db_session: Session) -> store.Dealer | None:
    dealer_id = session.get("dealer_id")
    return db_session.get(store.Dealer, dealer_id) if dealer_id else None


def safe_next(target: str | None) -> str | None:
    """A path on this site to go back to after login; anything else (open redirect) is dropped."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or not target.isprintable():  # CR/LF would split the Location header
        return None
    return target


def login_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Send anyone not logged in to the login page, then back to where they were going."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if g.get("dealer") is None:
            return redirect(url_for("portal.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapped
