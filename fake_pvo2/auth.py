"""Who uses the desk: a PVO² user signed in on its pages (a session kept in the desk's database,
ended by "Se déconnecter" or a reset), or a program on its API (HTTP Basic with the same login
and password). Each sees only its own site's dossiers."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import g, redirect, request, url_for
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash

from fake_pvo2 import store


def authenticate(db_session: Session, login: str, password: str) -> store.User | None:
    user = store.find_user(db_session, login)
    if user is None or not check_password_hash(user.password_hash, password):
        return None
    return user


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
