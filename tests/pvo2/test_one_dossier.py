"""Two imports of one new BDC number at once make one dossier, on SQLite and PostgreSQL: the
import holds its site's row before it looks for the dossier (PostgreSQL's `FOR UPDATE`; SQLite's
writer holds the database), so the second finds the first's and replaces it."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from fake_pvo2 import create_app, store
from sandbox.db import current_database
from tests.conftest import ICARE_DOWN
from tests.pvo2.conftest import bdc_document, load


@pytest.fixture
def app(database_url: str) -> Flask:
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "WTF_CSRF_ENABLED": False,
            "CENTRALISATEUR_URL": ICARE_DOWN,
            "GUIDEWIRE_URL": ICARE_DOWN,
            "TODAY": "2021-12-01",
        }
    )


@pytest.fixture
def both_look_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each import waits (1 s at most) for the other after looking for the dossier: unheld,
    both find none; held, the second is still waiting for the site when the first goes on."""
    door = threading.Barrier(2, timeout=1)
    find: Callable[..., Any] = store.find_dossier

    def find_together(*args: Any, **kwargs: Any) -> Any:
        found = find(*args, **kwargs)
        with contextlib.suppress(threading.BrokenBarrierError):  # the other is held
            door.wait()
        return found

    monkeypatch.setattr(store, "find_dossier", find_together)


def test_two_imports_of_one_number_at_once_make_one_dossier(
    app: Flask, both_look_first: None
) -> None:
    document = bdc_document("peugeot-208")
    document["numero"] = "9990004"
    with ThreadPoolExecutor(max_workers=2) as pool:
        statuses = list(pool.map(lambda _: load(app.test_client(), document).status_code, range(2)))
    with app.app_context(), current_database().session() as session:
        query = select(func.count()).select_from(store.Dossier)
        dossiers = session.scalar(query.where(store.Dossier.numero == "9990004"))
    assert (statuses, dossiers) == ([201, 201], 1)
