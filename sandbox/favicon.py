"""The icon browsers ask every site for (`/favicon.ico`): without it each page of a fake logged a
404 in the browser's console, which a person reproducing a dealer's error reads as a fault."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, Response, send_file

ICON = Path(__file__).parent / "static" / "favicon.ico"


def _favicon() -> Response:
    return send_file(ICON, mimetype="image/vnd.microsoft.icon", max_age=86_400)


def init_favicon(app: Flask) -> None:
    """Serve the sandbox's icon at `/favicon.ico`."""
    app.add_url_rule("/favicon.ico", "favicon", _favicon)
