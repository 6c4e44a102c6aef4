"""Sign-in sessions of the fakes' HTML pages, kept in the fake's database.

Flask's signed cookie carries only a random session id; the row behind it says who signed in.
Deleting the row ends the session on the server: a cookie copied before "Se déconnecter", a reset
of the dealer or of the whole fake no longer opens anything, in every worker process at once.
The table stores a hash of the id, so what the database holds cannot be replayed as a cookie.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask import current_app, g, redirect, request, session, url_for
from sqlalchemy import Column, DateTime, MetaData, String, Table, delete, insert, select
from sqlalchemy.orm import Session

_COOKIE_KEY = "sid"


class Sessions:
    """The open sessions of one fake: a row per sign-in, `owner` being the dealer's code or
    identifier."""

    def __init__(self, metadata: MetaData, name: str) -> None:
        self.table = Table(
            name,
            metadata,
            Column("id_hash", String(64), primary_key=True),
            Column("owner", String(40), nullable=False, index=True),
            Column("created_at", DateTime(timezone=True), nullable=False),
        )

    def open(self, db_session: Session, owner: str) -> None:
        """Sign `owner` in: a fresh cookie (no fixation) and its row; the owner's stale rows go."""
        table, session_id = self.table, secrets.token_urlsafe(32)
        db_session.execute(
            delete(table).where(table.c.owner == owner, table.c.created_at < _oldest_valid())
        )
        db_session.execute(
            insert(table).values(
                id_hash=_hash(session_id), owner=owner, created_at=datetime.now(UTC)
            )
        )
        session.clear()
        session[_COOKIE_KEY] = session_id

    def owner(self, db_session: Session) -> str | None:
        """Who the request's cookie signed in, or None when its session has ended or never was."""
        session_id = session.get(_COOKIE_KEY)
        if not isinstance(session_id, str):
            return None
        table = self.table
        row = db_session.execute(
            select(table.c.owner, table.c.created_at).where(table.c.id_hash == _hash(session_id))
        ).first()
        if row is None or as_utc(row.created_at) < _oldest_valid():
            return None
        return str(row.owner)

    def close(self, db_session: Session) -> None:
        """Sign out: the session's row is deleted, so a copy of the cookie is worth nothing."""
        session_id = session.get(_COOKIE_KEY)
        if isinstance(session_id, str):
            db_session.execute(delete(self.table).where(self.table.c.id_hash == _hash(session_id)))
        session.clear()

    def close_all_of(self, db_session: Session, owner: str) -> None:
        """End every session of one owner (its data was reset)."""
        db_session.execute(delete(self.table).where(self.table.c.owner == owner))


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def _oldest_valid() -> datetime:
    """Sessions older than `PERMANENT_SESSION_LIFETIME` (Flask's, 31 days) are over."""
    return datetime.now(UTC) - current_app.permanent_session_lifetime


def as_utc(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def safe_next(target: str | None) -> str | None:
    """A path on this site to go back to after sign-in; anything else (open redirect, a header
    split by CR/LF) is dropped."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(char) < 0x20 or ord(char) == 0x7F for char in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def login_required(login_endpoint: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A decorator sending anyone not signed in (no `g.dealer`) to `login_endpoint`, with the
    page they asked for as `next`."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if g.get("dealer") is None:
                return redirect(url_for(login_endpoint, next=request.full_path.rstrip("?")))
            return view(*args, **kwargs)

        return wrapped

    return decorator
