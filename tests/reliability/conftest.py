"""The sandbox as integrators run it: `pvo-sandbox up` in a process of its own, on free ports.

These tests load it, fault it and kill it; they are bounded in requests and time, target only
127.0.0.1, and run with `make test-reliability` (CI runs them after `make test`).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

from harness.admin_client import AdminError, FakeAdmin
from sandbox.dealers import AXILOG
from tests.processes import free_port

DEALER = AXILOG.login
ICARE = ("centralisateur", "centralisateur-secret")


@dataclass
class RunningSandbox:
    data_dir: Path
    ports: dict[str, int]
    process: subprocess.Popen[bytes] | None = None
    args: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def start(self) -> None:
        env = {
            **os.environ,
            "SANDBOX_DATA_DIR": str(self.data_dir),
            **{f"{name.upper()}_PORT": str(port) for name, port in self.ports.items()},
            **self.env,
        }
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "pvo-sandbox"), "up", *self.args],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        for name in self.ports:
            while True:
                try:
                    FakeAdmin(self.url(name)).health()
                    break
                except (requests.RequestException, AdminError):
                    pass
                assert time.monotonic() < deadline, f"{name} did not start"
                time.sleep(0.05)

    def kill(self) -> None:
        """kill -9 of the sandbox and its fakes, as a crash would."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)


def start_running(tmp_path: Path, *args: str, **env: str) -> RunningSandbox:
    """`pvo-sandbox up ARGS` on free ports, with the demo dealer's profile configured."""
    sandbox = RunningSandbox(
        tmp_path,
        {n: free_port() for n in ("centralisateur", "icare", "guidewire")},
        args=args,
        env=env,
    )
    sandbox.start()
    requests.put(
        f"{sandbox.url('centralisateur')}/api/v1/profile",
        auth=DEALER,
        timeout=10,
        json={"icare_id": "IC-953617"},
    ).raise_for_status()
    return sandbox


@pytest.fixture
def running(tmp_path: Path) -> Iterator[RunningSandbox]:
    sandbox = start_running(tmp_path)
    yield sandbox
    sandbox.stop()


def declaration(valid_form: dict[str, Any], index: int) -> dict[str, Any]:
    """A complete declaration with a VIN of its own (Icare refuses a VIN with a contract)."""
    return {"fields": {**valid_form, "vin": f"VR3{index:014d}"}, "commercial_warranty": "spoticar"}
