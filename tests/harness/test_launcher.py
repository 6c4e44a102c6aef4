"""`pvo-sandbox up` and `serve`: the workers option, and readiness behind an admin token."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from harness.cli import main


@pytest.mark.parametrize("value", ["0", "-1", "deux", "1.5"])
def test_workers_must_be_a_whole_number_of_at_least_one(value: str) -> None:
    for command in (["up"], ["serve", "icare"]):
        result = CliRunner().invoke(main, [*command, "--workers", value])
        assert result.exit_code == 2
        assert f"« {value} » n'est pas un nombre de workers" in result.output


def test_serve_gets_ready_with_an_admin_token(tmp_path: Path) -> None:
    """The readiness check and health checks need no token: health stays open."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "SANDBOX_DATA_DIR": str(tmp_path), "GUIDEWIRE_ADMIN_TOKEN": "s3cret-admin"}
    command = [str(Path(sys.executable).parent / "pvo-sandbox"), "serve", "guidewire"]
    process = subprocess.Popen(
        [*command, "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        assert process.stdout is not None
        lines: list[str] = []
        while len(lines) < 10 and not (lines and lines[-1].startswith("Ready in")):
            lines.append(process.stdout.readline())
        assert lines[-1].startswith("Ready in"), lines
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
