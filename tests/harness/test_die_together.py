"""Killing `pvo-sandbox serve` or `up` by any signal, `kill -9` included, takes its fakes'
processes and their workers with it, and a restart on the same ports works at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from harness.fakes import FAKES
from tests.processes import free_port

PVO_SANDBOX = str(Path(sys.executable).parent / "pvo-sandbox")


def descendants(pid: int) -> set[int]:
    """Every process under `pid` (Linux's /proc)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            found |= {int(child), *descendants(int(child))}
    return found


def alive(pid: int) -> bool:
    """Running (a zombie waiting for a reaper that may never come is dead)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


def start(command: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    """The command, once it says it is ready."""
    process = subprocess.Popen(
        [PVO_SANDBOX, *command, "--workers", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # so that the test can clean up whatever happens
    )
    assert process.stdout is not None
    lines: list[str] = []
    while len(lines) < 40 and not (lines and lines[-1].startswith("Ready in")):
        lines.append(process.stdout.readline())
    assert lines[-1].startswith("Ready in"), lines
    return process


@pytest.mark.parametrize(
    ("command", "sig"),
    [
        (["serve", "icare"], signal.SIGKILL),
        (["serve", "guidewire"], signal.SIGHUP),
        (["up"], signal.SIGKILL),
    ],
    ids=["serve-kill-9", "serve-sighup", "up-kill-9"],
)
def test_the_fakes_die_with_the_launcher(
    tmp_path: Path, command: list[str], sig: signal.Signals
) -> None:
    ports = {name: free_port() for name in FAKES}
    env = {
        **os.environ,
        "SANDBOX_DATA_DIR": str(tmp_path),
        **{fake.env_port: str(ports[name]) for name, fake in FAKES.items()},
    }
    process = start(command, env)
    try:
        expected = (1 if command[0] == "serve" else len(FAKES)) * 3  # arbiter and 2 workers
        deadline = time.monotonic() + 10  # ready once one worker answers: the others follow
        while len(processes := descendants(process.pid)) < expected:
            assert time.monotonic() < deadline, processes
            time.sleep(0.05)
        assert len(processes) == expected
        os.kill(process.pid, sig)
        process.wait(timeout=10)
        deadline = time.monotonic() + 10
        while any(alive(pid) for pid in processes) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [pid for pid in processes if alive(pid)] == []
        process = start(command, env)  # the same ports, at once
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
