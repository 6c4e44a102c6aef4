"""Two bind-and-issue of one quoted job at once issue one policy, on SQLite and PostgreSQL: the
action reads the job holding its row (`FOR UPDATE`; SQLite's writer holds the database), so
the second reads it bound and is refused by the table of transitions."""

from __future__ import annotations

import contextlib
import copy
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from fake_guidewire import DEFAULTS, create_app, store
from sandbox.db import current_database
from tests.guidewire.guidewire_actions import OTHER_CLIENT, TODAY, GuidewireActions


@pytest.fixture
def app(database_url: str) -> Flask:
    clients = {**copy.deepcopy(DEFAULTS["CLIENTS"]), "autre-dms": OTHER_CLIENT}
    return create_app(
        {"DATABASE_URL": database_url, "TESTING": True, "TODAY": TODAY, "CLIENTS": clients}
    )


@pytest.fixture
def both_read_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each bind waits (1 s at most) for the other after reading the job's state: unheld,
    both read it quoted; held, the second is still waiting for the row when the first goes on."""
    door = threading.Barrier(2, timeout=1)
    check: Callable[..., str] = store.next_state

    def next_state_together(*args: Any) -> str:
        with contextlib.suppress(threading.BrokenBarrierError):  # the other is held
            door.wait()
        return check(*args)

    monkeypatch.setattr(store, "next_state", next_state_together)


def test_two_binds_at_once_issue_one_policy(app: Flask, both_read_first: None) -> None:
    gw = GuidewireActions(app.test_client())
    job_id = gw.draft()
    assert gw.quote(job_id).status_code == 200
    token = gw.headers

    def bind(_: int) -> int:
        caller = GuidewireActions(app.test_client())
        caller._token = token["Authorization"].removeprefix("Bearer ")
        return caller.bind(job_id).status_code

    with ThreadPoolExecutor(max_workers=2) as pool:
        statuses = sorted(pool.map(bind, range(2)))
    with app.app_context(), current_database().session() as session:
        policies = session.scalar(select(func.count()).select_from(store.Policy))
    assert (statuses, policies) == ([200, 400], 1)
