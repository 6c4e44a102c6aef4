"""Who uses the desk: a PVO² user signed in on its pages (a session kept in the desk's database,
ended by "Se déconnecter" or a reset), or a program on its API (HTTP Basic with the same login
and password). Each sees only its own site's dossiers. Failed sign-ins slow down the address
that fails, for that login (`sandbox.logins`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import current_app, g, redirect, request, url_for
from sqlalchemy.orm import Session

from fake_pvo2 import store
from sandbox import logins
from sandbox.db import request_session


def authenticate(db_session: Session, login: str, password: str) -> store.User | None:
    """The user, or None; an unknown login costs a password check too (equal-cost answers).

    Raises `logins.TooManyAttempts` when this address failed too often lately for this login.
    """

    def check() -> store.User | None:
        user = store.find_user(db_session, login)
        return (
            user if logins.check_password(user.password_hash if user else None, password) else None
        )

    limits = logins.Limits.from_config(current_app.config)
    return logins.attempt(db_session, store.login_failures, login.strip().lower(), limits, check)


def sign_in(db_session: Session, user: store.User) -> None:
    store.sessions.open(db_session, user.login)


def sign_out(db_session: Session) -> None:
    store.sessions.close(db_session)


def signed_in_user(db_session: Session) -> store.User | None:
    login = store.sessions.owner(db_session)
    return store.find_user(db_session, login) if login else None


def signin_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Send anyone not signed in to the sign-in page, then back to where they were going."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if g.get("user") is None:
            return redirect(url_for("desk.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapped


def request_dealer() -> str | None:
    """Whose call this is, for one dealer's faults and clock: the code RRDI of the site of the
    API's HTTP Basic user, else of the signed-in user."""
    db_session = request_session()
    credentials = request.authorization
    login = credentials.username if credentials is not None else None
    user = store.find_user(db_session, login) if login else signed_in_user(db_session)
    site = store.find_site(db_session, user.site_code) if user is not None else None
    return site.centralisateur_login if site is not None else None
