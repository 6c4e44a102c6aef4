"""Configuration of a fake: documented defaults, then environment variables, then the caller's dict.

Each fake reads the variables that start with its own prefix (`CENTRALISATEUR_`, `ICARE_`,
`GUIDEWIRE_`) through Flask's `from_prefixed_env`; `DATABASE_URL` alone is shared by all three.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, current_app, url_for

DATA_DIR = Path(os.environ.get("SANDBOX_DATA_DIR", "var"))


def database_url(prefix: str) -> str:
    """The fake's store as its app finds it: `<PREFIX>_DATABASE_URL`, else `DATABASE_URL`, else a
    SQLite file named after the fake in `SANDBOX_DATA_DIR` (`pvo-sandbox db` reads it too)."""
    return os.environ.get(f"{prefix}_DATABASE_URL") or os.environ.get(
        "DATABASE_URL", f"sqlite:///{(DATA_DIR / f'{prefix.lower()}.db').resolve()}"
    )


def configure(
    app: Flask, prefix: str, defaults: Mapping[str, Any], config: Mapping[str, Any] | None
) -> None:
    """Fill `app.config`; `DATABASE_URL` defaults to a SQLite file named after the fake."""
    app.extensions["sandbox.name"] = prefix.lower()
    app.config.from_mapping(
        DATABASE_URL=database_url(prefix),
        SECRET_KEY=secrets.token_hex(32),
        JOURNAL_SIZE=500,
        ADMIN_TOKEN=None,
        # Cookies ignore ports: on one host (127.0.0.1), the portal, MyIcare and the desk would
        # overwrite each other's "session" cookie and sign each other out.
        SESSION_COOKIE_NAME=f"{prefix.lower()}_session",
        PUBLIC_URL=None,
    )
    app.config.from_mapping(defaults)
    app.config.from_prefixed_env(prefix)
    if config:
        app.config.from_mapping(config)


def public_url_for(endpoint: str, **values: Any) -> str:
    """The absolute address of a page that the fake hands out (a `form_url`, a `myicare_url`):
    under `PUBLIC_URL` when it is set (behind a proxy, or a shared sandbox that must not build
    addresses from a caller's `Host` header), else at the address the request came to."""
    public = current_app.config.get("PUBLIC_URL")
    if public:
        return str(public).rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, **values, _external=True)
