"""A sandbox of its own for the visual checks: fixed clock, fresh numbers, the same data each run.

Its declarations get the first numbers of a fresh database (DEC2025-0000001, IC2025-0000001);
"today" is 30/11/2025 in every fake. Ids in addresses are random but never shown.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import requests

from harness.demo import DEMO_DECLARATION
from harness.servers import Sandbox, start_sandbox

TODAY = "2025-11-30"
DEALER = ("953617Z", "spoticar")


@dataclass(frozen=True)
class VisualData:
    """The running fakes and what the pages show: a draft, a declaration and its contract."""

    sandbox: Sandbox
    draft: str
    declared: str
    contract: str


@pytest.fixture(scope="module")
def visual_data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VisualData]:
    config: dict[str, dict[str, object]] = {
        name: {"TODAY": TODAY} for name in ("centralisateur", "icare", "guidewire")
    }
    sandbox = start_sandbox(tmp_path_factory.mktemp("visual"), config)
    api = f"{sandbox.urls['centralisateur']}/api/v1"
    try:
        requests.put(
            f"{api}/profile", json={"icare_id": "IC-953617"}, auth=DEALER, timeout=10
        ).raise_for_status()
        body = {"fields": DEMO_DECLARATION, "commercial_warranty": "spoticar"}
        declared = requests.post(
            f"{api}/declarations?submit=true", json=body, auth=DEALER, timeout=30
        )
        declared.raise_for_status()
        draft = requests.post(f"{api}/declarations", json=body, auth=DEALER, timeout=10)
        draft.raise_for_status()
        yield VisualData(
            sandbox,
            draft.json()["id"],
            declared.json()["id"],
            declared.json()["contract"]["number"],
        )
    finally:
        for server in sandbox.servers.values():
            server.stop()
