"""What tests that start processes share: a free port on loopback, a process's children, two
`pvo-sandbox serve` of one fake."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests


def free_port() -> int:
    """A port nothing listens on now, on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def children(pid: int) -> list[int]:
    """The processes `pid` started (Linux)."""
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def wait_healthy(url: str, process: subprocess.Popen[bytes]) -> None:
    """Until `url` answers its health check; fails with the process's errors if it died."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
        try:
            if requests.get(f"{url}/__admin/health", timeout=1).ok:
                return
        except requests.RequestException:
            time.sleep(0.1)
    pytest.fail(f"{url} did not answer its health check")


@contextmanager
def two_servers(fake: str, env: dict[str, str]) -> Iterator[tuple[str, str]]:
    """`pvo-sandbox serve FAKE` twice with `env` (one database, say), on free ports, healthy;
    stopped (their process groups) after."""
    command = [str(Path(sys.executable).parent / "pvo-sandbox"), "serve", fake]
    ports = [free_port(), free_port()]
    processes = [
        subprocess.Popen(
            [*command, "--port", str(port), "--workers", "1"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        for port in ports
    ]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for url, process in zip(urls, processes, strict=True):
            wait_healthy(url, process)
        yield urls[0], urls[1]
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)
