"""Password checks that do not tell which identifiers exist, and the slow-down of guessing.

- An unknown identifier costs the same work as a wrong password: a dummy hash is checked.
- After `LOGIN_MAX_FAILURES` failures (default 5) for one identifier, each within
  `LOGIN_FAILURE_WINDOW` seconds (default 900) of the previous one, that identifier is refused
  with 429 for `LOGIN_LOCKOUT` seconds (default 60) after each further failure, even with the
  right password. A success clears its count. Unknown identifiers are counted the same way.
- The counts live in the fake's database, so every worker process and replica agrees.
- The demo passwords are hashed with werkzeug's default, scrypt (n=2**15), slow on purpose;
  `SANDBOX_PASSWORD_HASH` names another of werkzeug's methods ("scrypt:1024:8:1"). The test suite
  sets a cheap one, as Django's test settings do: at the default, the hash is most of the CPU a
  sign-in costs, and the tests sign in hundreds of times.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, delete, insert, select
from sqlalchemy import update as sql_update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from sandbox.db import begin_write
from sandbox.sessions import as_utc

T = TypeVar("T")

LIMIT_DEFAULTS = {"LOGIN_MAX_FAILURES": 5, "LOGIN_FAILURE_WINDOW": 900, "LOGIN_LOCKOUT": 60}


class TooManyAttempts(Exception):
    """Sign-in refused without checking the password: too many recent failures."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after

    @property
    def message(self) -> str:
        """What the person reads, in French."""
        unit = "seconde" if self.retry_after == 1 else "secondes"
        return (
            "Trop de tentatives de connexion infructueuses pour cet identifiant. "
            f"Réessayez dans {self.retry_after} {unit}."
        )


@dataclass(frozen=True)
class Refusal:
    """What a sign-in page says, and answers with, when it lets no one in."""

    message: str
    status: int
    headers: dict[str, str]


def sign_in_form(authenticate: Callable[[], T | None], wrong_credentials: str) -> T | Refusal:
    """Who `authenticate()` signed in, or the page's refusal: 401 with `wrong_credentials`, or
    429 with `Retry-After` after too many failures."""
    try:
        signed_in = authenticate()
    except TooManyAttempts as refused:
        return Refusal(refused.message, 429, {"Retry-After": str(refused.retry_after)})
    return signed_in if signed_in is not None else Refusal(wrong_credentials, 401, {})


@dataclass(frozen=True)
class Limits:
    """The fake's `LOGIN_*` settings (module docstring)."""

    max_failures: int
    window: timedelta
    lockout: timedelta

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Limits:
        values = {key: config.get(key, default) for key, default in LIMIT_DEFAULTS.items()}
        return cls(
            max_failures=int(values["LOGIN_MAX_FAILURES"]),
            window=timedelta(seconds=float(values["LOGIN_FAILURE_WINDOW"])),
            lockout=timedelta(seconds=float(values["LOGIN_LOCKOUT"])),
        )


DEFAULT_HASH_METHOD = "scrypt:32768:8:1"  # werkzeug's own default


def hash_method() -> str:
    """How demo passwords are hashed: `SANDBOX_PASSWORD_HASH`, or werkzeug's default."""
    return os.environ.get("SANDBOX_PASSWORD_HASH") or DEFAULT_HASH_METHOD


@cache
def seed_password_hash(password: str) -> str:
    """The hash of a demo password, computed once per process (scrypt is slow on purpose)."""
    return generate_password_hash(password, method=hash_method())


def check_password(stored_hash: str | None, password: str) -> bool:
    """Whether `password` matches; with no stored hash (unknown identifier) a dummy hash of the
    same kind is checked, so the answer takes as long as a wrong password's."""
    if stored_hash is None:
        check_password_hash(seed_password_hash("\x00not a password"), password)
        return False
    return check_password_hash(stored_hash, password)


def failure_table(metadata: MetaData, name: str) -> Table:
    """Failed sign-ins per identifier (as typed, normalised by the caller)."""
    return Table(
        name,
        metadata,
        Column("login", String(64), primary_key=True),
        Column("failures", Integer, nullable=False),
        Column("last_failure_at", DateTime(timezone=True), nullable=False, index=True),
    )


def attempt(
    db_session: Session,
    table: Table,
    login: str,
    limits: Limits,
    verify: Callable[[], T | None],
) -> T | None:
    """`verify()` (who signed in, or None), unless `login` is locked out.

    A failure is committed at once, in its own transaction, although the answer will be an error
    (which rolls the request's transaction back): call this before the request writes anything.
    Raises TooManyAttempts.
    """
    login = login[:64]
    now = datetime.now(UTC)
    row = db_session.execute(select(table).where(table.c.login == login)).first()
    if row is not None and row.failures >= limits.max_failures:
        until = as_utc(row.last_failure_at) + limits.lockout
        if now < until:
            raise TooManyAttempts(max(1, math.ceil((until - now).total_seconds())))
    result = verify()
    if result is None:
        _record_failure(db_session, table, login, limits, now)
    elif row is not None:
        _restart_as_writer(db_session)
        db_session.execute(delete(table).where(table.c.login == login))
    return result


def _restart_as_writer(db_session: Session) -> None:
    """A new transaction that holds the write lock from its start (SQLite cannot always turn a
    reader into a writer); nothing of the request is written yet, so nothing is lost."""
    db_session.rollback()
    begin_write(db_session)


def _record_failure(
    db_session: Session, table: Table, login: str, limits: Limits, now: datetime
) -> None:
    _restart_as_writer(db_session)
    row = db_session.execute(select(table).where(table.c.login == login)).first()
    if row is not None and now - as_utc(row.last_failure_at) <= limits.window:
        failures = table.c.failures + 1
    else:
        failures = 1
    updated = db_session.execute(
        sql_update(table)
        .where(table.c.login == login)
        .values(failures=failures, last_failure_at=now)
    )
    if not updated.rowcount:  # type: ignore[attr-defined]
        # A new identifier: forget those nobody tried lately, so the table holds recent ones only.
        stale = now - max(limits.window, limits.lockout)
        db_session.execute(delete(table).where(table.c.last_failure_at < stale))
        try:
            with db_session.begin_nested():
                db_session.execute(
                    insert(table).values(login=login, failures=1, last_failure_at=now)
                )
        except IntegrityError:  # another worker counted this identifier's first failure first
            db_session.execute(
                sql_update(table)
                .where(table.c.login == login)
                .values(failures=table.c.failures + 1, last_failure_at=now)
            )
    db_session.commit()
