"""The request journal: what a fake received and what it answered, for integrators to inspect.

Kept in the fake's database (`sandbox.admin_tables`), so that the journal of a fake served by
several workers or replicas is one journal. It is a ring of `JOURNAL_SIZE` entries (500 by
default): the oldest make room for the new ones, so a long run never grows.

Secrets are masked before anything is kept (see `sandbox.masking`); the people and vehicles a
DMS sent are kept as sent, since they are what an integrator inspects (and fictitious).

Each entry has two times to the millisecond: `received_at`, when the request arrived (before any
injected delay), which is what a timing rule judges (a retry 0.3 s after a 503), and
`answered_at`, when the answer left; `time` is the answer's, to the second, as it always was.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any

from flask import Flask, Response, current_app, g, request
from sqlalchemy import Insert, Table, delete, func, insert, select
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from sandbox.admin_tables import current_admin_tables
from sandbox.db import current_database
from sandbox.group_commit import GroupCommit
from sandbox.masking import mask, mask_headers, mask_text

_BODY_LIMIT = 4096
_SKIPPED = ("/__admin", "/static", "/api/docs", "/favicon.ico")
_TRIM_EVERY = 50  # the ring is trimmed every so many entries, not on every request


def _body(raw: bytes, content_type: str | None) -> Any:
    """A body as the journal keeps it: JSON parsed, forms as fields, the rest cut; all masked."""
    content_type = content_type or ""
    if "form-urlencoded" in content_type or "multipart/form-data" in content_type:
        return mask(request.form.to_dict(flat=False))  # the stream was read by the form parser
    if not raw:
        return None
    if "json" in content_type:
        try:
            return mask(json.loads(raw))
        except (ValueError, RecursionError):  # nested too deeply: kept as text
            pass
    if "pdf" in content_type or "octet-stream" in content_type or "image/" in content_type:
        return f"<{len(raw)} bytes>"
    return mask_text(raw[:_BODY_LIMIT].decode("utf-8", "replace"))


@cache
def _insert(journal: Table) -> Insert:
    """Built once per fake: building it costs more than the insert itself."""
    return insert(journal)


def _keep(entries: Sequence[dict[str, Any]]) -> None:
    """Keep entries in one short transaction: an error answer rolls the request's back, and the
    request's write lock is not held while its entry is described and masked."""
    journal = current_admin_tables().journal
    size = int(current_app.config.get("JOURNAL_SIZE", 500))
    with current_database().writer() as connection:
        for entry in entries:
            row = {key: entry[key] for key in ("method", "path", "who", "status")}
            inserted = connection.execute(_insert(journal), {**row, "entry": entry})
            new_id = inserted.inserted_primary_key[0]
            if new_id % _TRIM_EVERY == 0:
                connection.execute(delete(journal).where(journal.c.id <= new_id - size))


def find(
    method: str | None = None,
    path: str | None = None,
    status: int | None = None,
    who: str | None = None,
    limit: int = 100,
    entry_id: int | None = None,
    from_id: int | None = None,
    to_id: int | None = None,
) -> list[dict[str, Any]]:
    """The latest entries first, filtered, within the ring's size: `entry_id` one entry (the
    number a conformance report quotes; `?id=` in the API), `from_id`..`to_id` a range, both
    ends included."""
    journal = current_admin_tables().journal
    size = int(current_app.config.get("JOURNAL_SIZE", 500))
    newest = select(func.max(journal.c.id)).scalar_subquery()
    query = select(journal.c.id, journal.c.entry).where(journal.c.id > newest - size)
    if method is not None:
        query = query.where(journal.c.method == method.upper())
    if path is not None:
        query = query.where(journal.c.path.contains(path, autoescape=True))
    if status is not None:
        query = query.where(journal.c.status == status)
    if who is not None:
        query = query.where(journal.c.who == who)
    if entry_id is not None:
        query = query.where(journal.c.id == entry_id)
    if from_id is not None:
        query = query.where(journal.c.id >= from_id)
    if to_id is not None:
        query = query.where(journal.c.id <= to_id)
    query = query.order_by(journal.c.id.desc()).limit(min(limit, size))
    with current_database().engine.connect() as connection:
        return [{**entry, "id": entry_id} for entry_id, entry in connection.execute(query)]


def clear() -> None:
    with current_database().engine.begin() as connection:
        connection.execute(delete(current_admin_tables().journal))


def _who() -> str | None:
    """The dealer or client behind the request, whichever way it identified itself."""
    dealer = g.get("dealer")
    try:  # read again after a rollback: a dealer a reset removed, or no database, says nobody
        code = getattr(dealer, "code_rrdi", None)
    except SQLAlchemyError:
        code = None
    if code:
        return str(code)
    if g.get("client_id"):
        return str(g.client_id)
    if request.authorization is not None and request.authorization.username:
        return request.authorization.username
    return None


def _record(response: Response) -> Response:
    """Describe the exchange (masked); `_write` keeps it. The answer is decided by then: a
    description that fails (a row of the request gone with a reset) is counted, never the
    caller's error."""
    if request.path.startswith(_SKIPPED):
        return response
    try:
        g.journal_entry = _entry(response)
    except Exception as error:  # whatever failed, the answer stands
        _failed(request.method, request.path, error)
    return response


def _entry(response: Response) -> dict[str, Any]:
    try:
        request_body = _body(request.get_data(cache=True), request.content_type)
    except HTTPException:  # the body was refused (too large): it is not kept either
        request_body = "<refused>"
    response_body = None
    if not response.is_streamed and response.direct_passthrough is False:
        response_body = _body(response.get_data(), response.content_type)
    answered = time.time()
    return {
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(answered)),
        "received_at": _iso_ms(g.get("received", answered)),
        "answered_at": _iso_ms(answered),
        "method": request.method,
        "path": mask_text(request.full_path.rstrip("?")),
        "who": _who(),
        "status": response.status_code,
        "request": {"headers": mask_headers(request.headers), "body": request_body},
        "response": {"headers": mask_headers(response.headers), "body": response_body},
        "duration_ms": round(
            (time.perf_counter() - g.get("started", time.perf_counter())) * 1000, 1
        ),
    }


def _write(_error: BaseException | None) -> None:
    """Keep the entry once the request's own transaction is over: writing it earlier, while
    that transaction holds the database's write lock, would wait on ourselves.

    The answer is decided and its work committed by then: an entry that cannot be kept (the
    database down, a connection killed) is logged and counted (`failed_writes`, shown by
    `/__admin/health`), never turned into an error for a caller whose work is stored.
    """
    entry = g.pop("journal_entry", None)
    if entry is None:
        return
    try:
        current_app.extensions["sandbox.journal"].write(entry)  # with the entries of its time
    except Exception as error:  # whatever failed, the answer stands
        _failed(entry["method"], entry["path"], error)


def _failed(method: str, path: str, error: Exception) -> None:
    current_app.extensions["sandbox.journal_failures"].add()
    current_app.logger.warning(
        "journal : l'entrée %s %s n'a pas été gardée (%s)", method, path, error
    )


class FailureCount:
    """How many journal entries this process could not keep since it started (per process:
    the database that would hold a shared count is what failed)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.value = 0

    def add(self) -> None:
        with self._lock:
            self.value += 1


def failed_writes() -> int:
    """Journal entries this process could not keep; 0 when the journal is off."""
    count = current_app.extensions.get("sandbox.journal_failures")
    return count.value if count is not None else 0


def _iso_ms(moment: float) -> str:
    """A POSIX time as ISO 8601 with milliseconds and the machine's offset."""
    return datetime.fromtimestamp(moment).astimezone().isoformat(timespec="milliseconds")


def _start_clock() -> None:
    g.started = time.perf_counter()
    g.received = time.time()


def init_journal(app: Flask) -> None:
    """Record every request but the admin API's; `JOURNAL_SIZE=0` turns it off (no cost)."""
    if int(app.config.get("JOURNAL_SIZE", 500)) > 0:
        app.extensions["sandbox.journal"] = GroupCommit(_keep)
        app.extensions["sandbox.journal_failures"] = FailureCount()
        # First of the app's, so that the arrival is taken before a fault's delay.
        app.before_request_funcs.setdefault(None, []).insert(0, _start_clock)
        # First in the list, so last to run (Flask runs them in reverse): the journal sees the
        # answer as it leaves, every header added, the request's transaction committed.
        app.after_request_funcs.setdefault(None, []).insert(0, _record)
        app.teardown_request(_write)
