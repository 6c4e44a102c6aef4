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
REQUIRED = (
    "POSTGRES_PASSWORD",
    "CENTRALISATEUR_SECRET_KEY",
    "ICARE_SECRET_KEY",
    "PVO2_SECRET_KEY",
    "SANDBOX_ADMIN_TOKEN",
    "ICARE_CLIENT_SECRET",
)


def compose() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def require_compose() -> None:
    """docker-compose checks the file; `make system-deps` (run by `make test`) installs it, so
    it is missing only on a machine that skipped that step: a failure under CI."""
    if shutil.which("docker-compose") is None:
        missing = (
            "docker-compose is not installed: `make system-deps` (run by `make test`) installs it"
        )
        if os.environ.get("CI"):
            pytest.fail(missing)
        pytest.skip(missing)


def test_compose_file_is_valid_once_its_secrets_are_given() -> None:
    require_compose()
    secrets = {name: f"test-{name.lower()}" for name in REQUIRED}
    assert compose_config(secrets).returncode == 0, compose_config(secrets).stderr


@pytest.mark.parametrize("missing", REQUIRED)
def test_compose_refuses_to_start_without_each_secret(missing: str) -> None:
    require_compose()
    given = {name: f"test-{name.lower()}" for name in REQUIRED if name != missing}
    result = compose_config(given)
    assert result.returncode != 0
    assert f"set {missing} (" in result.stderr


def compose_config(variables: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`docker-compose config` with only these variables (no `.env` of the developer's)."""
    return subprocess.run(
        ["docker-compose", "-f", str(ROOT / "docker-compose.yml"), "config", "-q"],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": os.environ["PATH"], **variables},
        cwd=ROOT / "deploy",
    )


def test_no_secret_is_written_in_compose_or_the_image() -> None:
    """Every secret of a fake comes from a variable compose requires (`${VAR:?…}`)."""
    for name in ("centralisateur", "icare", "guidewire", "pvo2"):
        environment = compose()["services"][name]["environment"]
        for key, value in environment.items():
            if key.endswith(("SECRET_KEY", "ADMIN_TOKEN", "CLIENT_SECRET")):
                assert re.fullmatch(r"\$\{[A-Z0-9_]+:\?[^}]+\}", value), (name, key)
    assert compose()["services"]["postgres"]["environment"]["POSTGRES_PASSWORD"].startswith(
        "${POSTGRES_PASSWORD:?"
    )
    assert not re.search(r"(SECRET|TOKEN|PASSWORD)\S*=", (ROOT / "Dockerfile").read_text())


def test_published_ports_are_on_loopback_unless_the_operator_says() -> None:
    for name, service in compose()["services"].items():
        for port in service.get("ports", []):
            assert port.startswith("${SANDBOX_BIND:-127.0.0.1}:"), (name, port)


def test_every_service_restarts_and_fakes_are_ready_checked() -> None:
    services = compose()["services"]
    for name, service in services.items():
        assert service.get("restart", compose()["x-fake"]["restart"]) == "unless-stopped", name
    for name in ("centralisateur", "icare", "guidewire", "pvo2"):
        assert services[name]["healthcheck"]["test"][-1].endswith("/__admin/ready"), name
    assert services["icare"]["deploy"]["replicas"] >= 2


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
