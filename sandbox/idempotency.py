"""`Idempotency-Key` on the POSTs that create or change something, with Stripe's semantics.

A DMS that lost an answer (a timeout, a 502 from a balancer, a worker killed) sends the same
request again with the same key: it gets the first answer again (status and body, with
`Idempotent-Replayed: true`), and nothing is done twice. The same key with another request
(another body, another address) is refused (422); a request still running with the key is
refused (409, as Stripe does), so concurrent retries get one result. A key is remembered for
24 hours of sandbox time (`sandbox.clock`), per caller (a dealer, a PVO² user), in the fake's
database, so that every worker and replica, and a restarted fake, answer alike.

As Stripe does, an answer is kept only once the endpoint's work began: a request refused by its
parameters' validation, its credentials or a fault never claims the key. An answer that says
the work was not done (5xx, 429) frees the key, so that the retry does the work.

The claim is insert-first: one row per (caller, key) under a unique constraint, inserted and
committed before the work starts. Two requests with one key cannot both insert it: on
PostgreSQL (READ COMMITTED, the default) the second insert waits for the first one's commit
and then fails on the constraint; on SQLite a writer holds the database's lock from its
`BEGIN IMMEDIATE`. The loser reads the row and answers 409, 422 or the replay. An expired or
abandoned row is taken over by a compare-and-set UPDATE of its `claimed_at`, which one request
only can win. The answer is written in the request's own transaction when the work is
committed (a success), so that the work and its record are stored together or not at all.
"""

from __future__ import annotations

import copy
import hashlib
import json
import time
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any, ClassVar

from flask import Flask, Response, g, request
from marshmallow import Schema, fields, validate
from sqlalchemy import (
    JSON,
    Column,
    Float,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sandbox.clock import now
from sandbox.db import begin_write, request_session
from sandbox.errors import SandboxError

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255  # as Stripe's
LIFETIME = timedelta(hours=24)  # of sandbox time
# A claim whose request never wrote its answer (its worker was killed) is free again after
# this many seconds of real time: no request of the fakes runs that long.
ABANDONED_AFTER_S = 60.0
KEPT_HEADERS = ("Content-Type", "Location")
INVALID_KEY = (
    f"L'en-tête {HEADER} doit compter de 1 à {MAX_KEY_LENGTH} caractères ASCII visibles "
    "(un UUID par exemple)."
)
KEY_REUSED = (
    "La clé d'idempotence « {key} » a déjà servi pour une autre requête (autre corps ou autre "
    "adresse) : envoyez une nouvelle clé pour une nouvelle requête."
)
KEY_IN_USE = (
    "Une requête avec la clé d'idempotence « {key} » est encore en cours : réessayez dans un "
    "instant pour en recevoir la réponse."
)


class IdempotencyHeaderSchema(Schema):
    key = fields.String(
        data_key=HEADER,
        validate=validate.Length(1, MAX_KEY_LENGTH),
        metadata={
            "description": "Makes a retry safe (Stripe's semantics): the same key with the same "
            "request answers the first answer again, with `Idempotent-Replayed: true`, and does "
            "nothing twice; with another request, 422 IDEMPOTENCY_KEY_REUSED; while the first "
            "runs, 409 IDEMPOTENCY_KEY_IN_USE. Per caller, for 24 hours of sandbox time.",
            "example": "5f0c6a3e-8f1e-4c1b-9a47-2d7f6c1e2b90",
        },
    )


class InvalidKey(SandboxError):
    status = 400
    error_code = "IDEMPOTENCY_KEY_INVALID"
    default_message = INVALID_KEY


class KeyReused(SandboxError):
    status = 422
    error_code = "IDEMPOTENCY_KEY_REUSED"


class KeyInUse(SandboxError):
    status = 409
    error_code = "IDEMPOTENCY_KEY_IN_USE"
    default_headers: ClassVar[dict[str, str]] = {"Retry-After": "1"}


class IdempotencyKeys:
    """The keys of one fake, in a table of its own store (named with its prefix)."""

    def __init__(self, metadata: MetaData, name: str) -> None:
        self.table = Table(
            name,
            metadata,
            Column("id", Integer, primary_key=True),
            Column("scope", String(100), nullable=False),  # the caller: a dealer, a user
            Column("key", String(MAX_KEY_LENGTH), nullable=False),
            Column("fingerprint", String(64), nullable=False),  # of the request
            Column("created_at", Float, nullable=False),  # sandbox time, epoch seconds
            Column("claimed_at", Float),  # real time; None once the answer is stored
            Column("status", Integer),
            Column("headers", JSON),
            Column("body", LargeBinary),
            UniqueConstraint("scope", "key"),
        )

    def forget(self, session: Session, scope: str) -> None:
        """Drop a caller's keys (a reset of its dealer: what they answered is gone)."""
        session.execute(delete(self.table).where(self.table.c.scope == scope))

    def idempotent(self, scope: Callable[[], str]) -> Callable[[Callable[..., Any]], Any]:
        """Decorate a view, below its `arguments` decorators (the work begins with the view):
        a request with `Idempotency-Key` claims the key for `scope()` before the view runs,
        or is answered by the stored answer, or refused."""

        def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
            @wraps(view)
            def wrapper(*args: Any, **kwargs: Any) -> Any:
                key = request.headers.get(HEADER)
                if key is None:
                    return view(*args, **kwargs)
                if (
                    not 1 <= len(key) <= MAX_KEY_LENGTH
                    or not key.isascii()
                    or not key.isprintable()
                ):
                    raise InvalidKey()
                session = request_session()
                replay = self._claim(session, scope(), key, _fingerprint())
                if replay is not None:
                    return replay
                return view(*args, **kwargs)

            # Documented as a header parameter, beside those flask-smorest's `arguments` add.
            wrapper._apidoc = copy.deepcopy(getattr(wrapper, "_apidoc", {}))  # type: ignore[attr-defined]
            documented = wrapper._apidoc.setdefault("arguments", {})  # type: ignore[attr-defined]
            documented.setdefault("parameters", []).append(
                {"in": "header", "schema": IdempotencyHeaderSchema, "required": False}
            )
            return wrapper

        return decorate

    def _claim(self, session: Session, scope: str, key: str, fingerprint: str) -> Response | None:
        """Claim the key (committed at once, before the work), or the stored answer to replay;
        KeyReused or KeyInUse when neither."""
        table, created = self.table, now().timestamp()
        claim = {"fingerprint": fingerprint, "created_at": created, "claimed_at": time.time()}
        session.execute(  # the caller's expired keys go (the unique index leads with `scope`)
            delete(table).where(
                table.c.scope == scope, table.c.created_at <= created - LIFETIME.total_seconds()
            )
        )
        for _attempt in range(3):
            try:
                with session.begin_nested():
                    claimed_id = session.execute(
                        insert(table).values(scope=scope, key=key, **claim).returning(table.c.id)
                    ).scalar_one()
                break
            except IntegrityError:
                pass
            row = session.execute(
                select(table).where(table.c.scope == scope, table.c.key == key)
            ).one_or_none()
            if row is None:  # freed meanwhile: insert again
                continue
            if not _stale(row, created):
                session.commit()  # what the request did so far (signing in) is kept
                begin_write(session)
                return _answer(row, key, fingerprint)
            taken = session.execute(
                update(table)
                .where(table.c.id == row.id, table.c.created_at == row.created_at)
                .where(_same_claim(table, row.claimed_at))
                .values(status=None, headers=None, body=None, **claim)
            )
            if taken.rowcount == 1:  # type: ignore[attr-defined]
                claimed_id = row.id
                break
        else:
            raise KeyInUse(KEY_IN_USE.format(key=key))
        session.commit()  # the claim is seen by every other request before the work starts
        begin_write(session)
        g.idempotency_claim = (self.table, claimed_id)
        return None


def _same_claim(table: Table, claimed_at: float | None) -> Any:
    column = table.c.claimed_at
    return column.is_(None) if claimed_at is None else column == claimed_at


def _stale(row: Any, now_s: float) -> bool:
    """The row no longer holds its key: older than its lifetime, or claimed by a request that
    died before it answered."""
    expired = now_s - row.created_at >= LIFETIME.total_seconds()
    abandoned = row.claimed_at is not None and time.time() - row.claimed_at > ABANDONED_AFTER_S
    return expired or abandoned


def _answer(row: Any, key: str, fingerprint: str) -> Response:
    if row.fingerprint != fingerprint:
        raise KeyReused(KEY_REUSED.format(key=key))
    if row.claimed_at is not None:
        raise KeyInUse(KEY_IN_USE.format(key=key))
    response = Response(row.body, status=row.status, headers=row.headers)
    response.headers[REPLAYED] = "true"
    return response


def _fingerprint() -> str:
    """What makes two requests the same: method, path, query and body (JSON compared as data,
    so the order of its keys does not matter)."""
    body = request.get_data(cache=True)
    parsed = request.get_json(silent=True) if request.is_json else None
    if parsed is not None:
        body = json.dumps(parsed, sort_keys=True, separators=(",", ":")).encode()
    query = sorted(request.args.items(multi=True))
    head = json.dumps([request.method, request.path, query]).encode()
    return hashlib.sha256(head + b"\n" + body).hexdigest()


def _store_answer(response: Response) -> Response:
    """After a claimed request: its answer stored under the key (or the key freed)."""
    claim = g.pop("idempotency_claim", None)
    if claim is None:
        return response
    table, claimed_id = claim
    session = request_session()
    status = response.status_code
    if status >= 400:  # a refusal keeps none of the work, as the request's own commit does
        session.rollback()
        begin_write(session)
    row = table.c.id == claimed_id
    if status < 500 and status != 429:  # else the work was not done: the retry does it
        headers = {
            name: response.headers[name] for name in KEPT_HEADERS if name in response.headers
        }
        session.execute(
            update(table)
            .where(row)
            .values(
                status=response.status_code,
                headers=headers,
                body=response.get_data(),
                claimed_at=None,
            )
        )
    else:
        session.execute(delete(table).where(row))
    session.commit()
    return response


def _free_unanswered(_error: BaseException | None) -> None:
    """A claimed request that ended without an answer frees its key (else it waits for
    ABANDONED_AFTER_S)."""
    claim = g.pop("idempotency_claim", None)
    if claim is None:
        return
    table, claimed_id = claim
    session = request_session()
    session.rollback()
    begin_write(session)
    session.execute(delete(table).where(table.c.id == claimed_id))
    session.commit()


def init_idempotency(app: Flask) -> None:
    """Store the answers of claimed requests. Registered after `sandbox.db.init_database`, so
    that it runs before the request's own commit (Flask runs these in reverse order)."""
    app.after_request(_store_answer)
    app.teardown_request(_free_unanswered)
