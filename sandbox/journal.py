"""The request journal: what a fake received and what it answered, for integrators to inspect.

A ring in memory (`JOURNAL_SIZE` entries, 500 by default): the oldest entries make room for the
new ones, so a long run never grows. Secrets are masked before they are kept: the
Authorization header, passwords, client secrets, tokens and CSRF tokens.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
import time
from collections import deque
from typing import Any

from flask import Flask, Response, current_app, g, request
from werkzeug.exceptions import HTTPException

MASK = "***"
_SECRET_KEYS = re.compile(r"pass(word)?|secret|token|authorization|csrf", re.I)
_BODY_LIMIT = 4096
_SKIPPED = ("/__admin", "/static", "/api/docs")


def mask(value: Any) -> Any:
    """The value with every secret-looking key's value replaced by ***."""
    if isinstance(value, dict):
        return {k: MASK if _SECRET_KEYS.search(str(k)) else mask(v) for k, v in value.items()}
    if isinstance(value, list):
        return [mask(v) for v in value]
    return value


def _body(raw: bytes, content_type: str | None) -> Any:
    """A body as the journal keeps it: JSON parsed and masked, forms masked, the rest cut."""
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
    if "pdf" in content_type or "octet-stream" in content_type:
        return f"<{len(raw)} bytes>"
    return raw[:_BODY_LIMIT].decode("utf-8", "replace")


class RequestJournal:
    def __init__(self, size: int) -> None:
        self._entries: deque[dict[str, Any]] = deque(maxlen=size)
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def record(self, entry: dict[str, Any]) -> None:
        with self._lock:
            entry["id"] = next(self._ids)
            self._entries.append(entry)

    def find(
        self,
        method: str | None = None,
        path: str | None = None,
        status: int | None = None,
        who: str | None = None,
        limit: int = 100,
    ) -> list[dict[str, Any]]:
        with self._lock:
            entries = list(self._entries)
        found = [
            e
            for e in reversed(entries)
            if (method is None or e["method"] == method.upper())
            and (path is None or path in e["path"])
            and (status is None or e["status"] == status)
            and (who is None or e["who"] == who)
        ]
        return found[:limit]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def _who() -> str | None:
    """The dealer or client behind the request, whichever way it identified itself."""
    dealer = g.get("dealer")
    if dealer is not None and getattr(dealer, "code_rrdi", None):
        return str(dealer.code_rrdi)
    if g.get("client_id"):
        return str(g.client_id)
    if request.authorization is not None and request.authorization.username:
        return request.authorization.username
    return None


def _record(response: Response) -> Response:
    if request.path.startswith(_SKIPPED):
        return response
    try:
        request_body = _body(request.get_data(cache=True), request.content_type)
    except HTTPException:  # the body was refused (too large): it is not kept either
        request_body = "<refused>"
    response_body = None
    if not response.is_streamed and response.direct_passthrough is False:
        response_body = _body(response.get_data(), response.content_type)
    current_journal().record(
        {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "method": request.method,
            "path": request.full_path.rstrip("?"),
            "who": _who(),
            "status": response.status_code,
            "request": {"headers": mask(dict(request.headers)), "body": request_body},
            "response": {"body": response_body},
            "duration_ms": round(
                (time.perf_counter() - g.get("started", time.perf_counter())) * 1000, 1
            ),
        }
    )
    return response


def _start_clock() -> None:
    g.started = time.perf_counter()


def init_journal(app: Flask) -> None:
    """Keep the journal on the app; `JOURNAL_SIZE=0` turns it off (no cost per request)."""
    size = int(app.config.get("JOURNAL_SIZE", 500))
    app.extensions["sandbox.journal"] = RequestJournal(size)
    if size > 0:
        app.before_request(_start_clock)
        app.after_request(_record)


def current_journal() -> RequestJournal:
    return current_app.extensions["sandbox.journal"]
