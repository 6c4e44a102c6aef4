"""docker-compose.yml and the Dockerfile, checked as far as a machine without Docker allows."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def compose() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_file_is_valid() -> None:
    if shutil.which("docker-compose") is None:
        missing = (
            "docker-compose is not installed: `make system-deps` (run by `make test`) installs it"
        )
        if os.environ.get("CI"):
            pytest.fail(missing)
        pytest.skip(missing)
    result = subprocess.run(
        ["docker-compose", "-f", str(ROOT / "docker-compose.yml"), "config", "-q"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_every_service_has_a_healthcheck_and_fakes_share_postgres() -> None:
    services = compose()["services"]
    assert {"postgres", "portal", "centralisateur", "icare", "guidewire", "pvo2"} <= set(services)
    for name, service in services.items():
        assert "healthcheck" in service, name
    for name in ("centralisateur", "icare", "guidewire", "pvo2"):
        environment = services[name]["environment"]
        assert environment["DATABASE_URL"].startswith("postgresql+psycopg://")
        command = services[name]["command"]
        assert command[:3] == ["pvo-sandbox", "serve", name]
        assert int(command[command.index("--workers") + 1]) >= 2  # pre-forked workers
    assert services["centralisateur"]["deploy"]["replicas"] >= 2


def test_dockerfile_copies_what_exists() -> None:
    for source in re.findall(r"^COPY (\S+)", (ROOT / "Dockerfile").read_text(), re.M):
        for part in source.split():
            assert (ROOT / part).exists(), part
    assert (ROOT / "deploy" / "nginx.conf").exists()


def test_the_image_can_take_screenshots_of_a_replay() -> None:
    """`replay --screenshot` in the image: the [browser] extra and a Chromium to drive."""
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"pip install .*\[[^]]*\bbrowser\b", dockerfile)
    assert re.search(r"apt-get install [^&]*\bchromium\b", dockerfile)
