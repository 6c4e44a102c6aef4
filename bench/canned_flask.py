"""The reference people pick: a bare Flask app answering canned JSON, on gunicorn.

gunicorn -w 2 -k gthread --threads 8 bench.canned_flask:app
"""

from __future__ import annotations

from flask import Flask

app = Flask(__name__)


@app.get("/")
def canned() -> dict[str, str]:
    return {"status": "ok"}
