"""Password checks that do not tell which identifiers exist, and the slow-down of guessing.

- An unknown identifier costs the same work as a wrong password: a dummy hash is checked.
- Failures slow down the one who fails, never the identifier: they are counted per client
  address and identifier. From the `LOGIN_MAX_FAILURES`-th failure (default 5) in a row, each
  within `LOGIN_FAILURE_WINDOW` seconds (default 900) of the previous one, that address waits
  before its next password for that identifier is checked: `LOGIN_DELAY` seconds (default 1),
  doubled at each further failure, at most `LOGIN_MAX_DELAY` (default 60). A try during the
  wait is answered 429 with `Retry-After`, unchecked and uncounted. The right password from
  another address works at once, so one misconfigured program never locks a dealer's team out.
  A success clears the count of its address and identifier. Unknown identifiers are counted
  the same way.
- The client address is the TCP peer's, or with `TRUSTED_PROXIES` proxies in front (each
  appending to `X-Forwarded-For`), the one the outermost of them saw.
- The counts live in the fake's database, so every worker process and replica agrees. The
  read-then-write of a failure (count + 1, or 1 after the window) is one upsert, atomic on
  SQLite (its writer holds the database) and on PostgreSQL (the conflicting row is locked);
  two failures at once are both counted.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any, TypeVar

from flask import request
from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    Select,
    String,
    Table,
    bindparam,
    case,
    delete,
    select,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from sandbox.db import begin_write
from sandbox.sessions import as_utc

T = TypeVar("T")

LIMIT_DEFAULTS = {
    "LOGIN_MAX_FAILURES": 5,
    "LOGIN_FAILURE_WINDOW": 900,
    "LOGIN_DELAY": 1,
    "LOGIN_MAX_DELAY": 60,
    "TRUSTED_PROXIES": 0,
}


class TooManyAttempts(Exception):
    """Sign-in refused without checking the password: this address failed too often lately
    for this identifier, and its wait is not over."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after

    @property
    def message(self) -> str:
        """What the person reads, in French."""
        unit = "seconde" if self.retry_after == 1 else "secondes"
        return (
            "Trop de tentatives de connexion infructueuses pour cet identifiant depuis votre "
            "adresse. "
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
    """The fake's `LOGIN_*` and `TRUSTED_PROXIES` settings (module docstring)."""

    max_failures: int
    window: timedelta
    delay: timedelta
    max_delay: timedelta
    trusted_proxies: int

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Limits:
        values = {key: config.get(key, default) for key, default in LIMIT_DEFAULTS.items()}
        return cls(
            max_failures=int(values["LOGIN_MAX_FAILURES"]),
            window=timedelta(seconds=float(values["LOGIN_FAILURE_WINDOW"])),
            delay=timedelta(seconds=float(values["LOGIN_DELAY"])),
            max_delay=timedelta(seconds=float(values["LOGIN_MAX_DELAY"])),
            trusted_proxies=int(values["TRUSTED_PROXIES"]),
        )

    def wait_after(self, failures: int) -> timedelta:
        """How long an address waits after its `failures`-th failure in a row."""
        if failures < self.max_failures:
            return timedelta(0)
        doublings = min(failures - self.max_failures, 32)  # 2**32 s outgrows any bound
        return min(self.delay * 2**doublings, self.max_delay)


def client_address(trusted_proxies: int) -> str:
    """Who is trying: the TCP peer, or behind `trusted_proxies` proxies the address the
    outermost one saw (the earlier entries of `X-Forwarded-For` are the caller's to write)."""
    if trusted_proxies > 0:
        forwarded = [a.strip() for a in request.headers.get("X-Forwarded-For", "").split(",")]
        if len(forwarded) >= trusted_proxies and forwarded[-trusted_proxies]:
            return forwarded[-trusted_proxies][:64]
    return (request.remote_addr or "")[:64]


# About 6 ms of CPU per check, where werkzeug's default (scrypt) takes 120-150 ms: a caller
# trying unknown codes from a few threads (each checks a dummy hash, so that the answer takes as
# long as a wrong password's) kept both cores busy and every dealer waiting seconds. The demo
# passwords are published; the hash is there for equal-cost answers, not to resist cracking.
PASSWORD_METHOD = "pbkdf2:sha256:20000"


@cache
def seed_password_hash(password: str) -> str:
    """The hash of a demo password, computed once per process."""
    return generate_password_hash(password, method=PASSWORD_METHOD)


def check_password(stored_hash: str | None, password: str) -> bool:
    """Whether `password` matches; with no stored hash (unknown identifier) a dummy hash of the
    same kind is checked, so the answer takes as long as a wrong password's."""
    if stored_hash is None:
        check_password_hash(seed_password_hash("\x00not a password"), password)
        return False
    return check_password_hash(stored_hash, password)


def failure_table(metadata: MetaData, name: str) -> Table:
    """Failed sign-ins per client address and identifier (as typed, normalised by the
    caller)."""
    return Table(
        name,
        metadata,
        Column("client", String(64), primary_key=True),
        Column("login", String(64), primary_key=True),
        Column("failures", Integer, nullable=False),
        Column("last_failure_at", DateTime(timezone=True), nullable=False, index=True),
    )


@cache
def _failures_of(table: Table) -> Select[Any]:
    """Built once per table: every sign-in and every API call reads it."""
    return select(table.c.failures, table.c.last_failure_at).where(
        table.c.client == bindparam("client"), table.c.login == bindparam("login")
    )


def attempt(
    db_session: Session,
    table: Table,
    login: str,
    limits: Limits,
    verify: Callable[[], T | None],
) -> T | None:
    """`verify()` (who signed in, or None), unless this request's address must still wait
    before trying `login` again.

    A failure is committed at once, in its own transaction, although the answer will be an error
    (which rolls the request's transaction back): call this before the request writes anything.
    Raises TooManyAttempts.
    """
    key = {"client": client_address(limits.trusted_proxies), "login": login[:64]}
    now = datetime.now(UTC)
    row = db_session.execute(_failures_of(table), key).first()
    if row is not None:
        until = as_utc(row.last_failure_at) + limits.wait_after(row.failures)
        if now < until:
            raise TooManyAttempts(max(1, math.ceil((until - now).total_seconds())))
    result = verify()
    if result is None:
        _record_failure(db_session, table, key, limits, now)
    elif row is not None:
        _restart_as_writer(db_session)
        db_session.execute(
            delete(table).where(table.c.client == key["client"], table.c.login == key["login"])
        )
    return result


def _restart_as_writer(db_session: Session) -> None:
    """A new transaction that holds the write lock from its start (SQLite cannot always turn a
    reader into a writer); nothing of the request is written yet, so nothing is lost."""
    db_session.rollback()
    begin_write(db_session)


def _record_failure(
    db_session: Session, table: Table, key: dict[str, str], limits: Limits, now: datetime
) -> None:
    """Count one failure in one upsert (the module docstring says why it is atomic)."""
    _restart_as_writer(db_session)
    dialect_insert = (
        postgresql_insert if db_session.get_bind().dialect.name == "postgresql" else sqlite_insert
    )
    recent = table.c.last_failure_at >= now - limits.window
    counted = (
        dialect_insert(table)
        .values(**key, failures=1, last_failure_at=now)
        .on_conflict_do_update(
            index_elements=[table.c.client, table.c.login],
            set_={
                "failures": case((recent, table.c.failures + 1), else_=1),
                "last_failure_at": now,
            },
        )
        .returning(table.c.failures)
    )
    if db_session.execute(counted).scalar_one() == 1:
        # A new count: forget those nobody added to lately, so the table holds recent ones only.
        stale = now - max(limits.window, limits.max_delay)
        db_session.execute(delete(table).where(table.c.last_failure_at < stale))
    db_session.commit()
