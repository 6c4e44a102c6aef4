"""Every fake answers the icon browsers ask for, and the journal does not keep those asks."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from harness.fakes import FAKES
from sandbox import journal
from sandbox.favicon import ICON


@pytest.fixture(params=sorted(FAKES))
def app(request: pytest.FixtureRequest, tmp_path: Path) -> Flask:
    return FAKES[request.param].create_app(
        {"DATABASE_URL": f"sqlite:///{tmp_path / 'fake.db'}", "TESTING": True}
    )


def test_the_icon_is_served_and_not_journaled(app: Flask) -> None:
    client = app.test_client()
    answer = client.get("/favicon.ico")
    assert answer.status_code == 200
    assert answer.mimetype == "image/vnd.microsoft.icon"
    assert answer.data == ICON.read_bytes()
    assert answer.data[:4] == b"\x00\x00\x01\x00"  # an ICO file's header
    client.get("/nowhere")  # journaled, so the journal is seen to keep what it keeps
    with app.app_context():
        assert [e["path"] for e in journal.find()] == ["/nowhere"]
