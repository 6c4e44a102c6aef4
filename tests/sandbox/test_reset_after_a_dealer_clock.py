"""A whole reset after one dealer's clock was set: it answers, on every fake, and frees that clock.

The desk re-seeds its demo offer with "today": asking whose call the reset was made it wait, on a
second connection, for the write lock its own reset held (SQLite), until the client gave up."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from harness.fakes import FAKES

ADMIN = {"X-Sandbox-Admin": "1"}


@pytest.fixture(params=sorted(FAKES))
def app(request: pytest.FixtureRequest, tmp_path: Path) -> Flask:
    return FAKES[request.param].create_app(
        {"DATABASE_URL": f"sqlite:///{tmp_path / 'fake.db'}", "TESTING": True}
    )


def test_a_reset_frees_a_dealers_clock(app: Flask) -> None:
    client = app.test_client()
    moved = client.put("/__admin/clock?dealer=953617Z", json={"today": "2026-11-30"}, headers=ADMIN)
    assert moved.json == {"today": "2026-11-30", "fixed": True}
    assert client.post("/__admin/reset", headers=ADMIN).status_code == 200
    assert client.get("/__admin/clock?dealer=953617Z", headers=ADMIN).json["fixed"] is False
