"""A canned JSON answer served by waitress with the fakes' settings: the stack's own limit."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from typing import Any

from waitress import serve

BODY = b'{"status": "ok"}'


def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    start_response(
        "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(BODY)))]
    )
    return [BODY]


if __name__ == "__main__":
    serve(app, host="127.0.0.1", port=int(sys.argv[1]), threads=8, _quiet=True)
