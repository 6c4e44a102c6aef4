"""`make bench`: throughput and latency of the fakes under wrk, in one run, on this machine.

The fakes run as `pvo-sandbox up --workers N` (fresh SQLite files), wrk (C, in another
process) is the load: 32 connections, 2 threads, a fixed duration per scenario. The canned
answers are the references, measured in the same run: a bare WSGI app on waitress (the stack's
own limit), a bare Flask app on gunicorn (what people pick), and WireMock's canned stub when Java
is installed (`npm install wiremock` brings its standalone jar). Results go to bench/RESULTS.md
(and bench/results.json).
"""

from __future__ import annotations

import base64
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import requests

from harness.demo import DEMO_DECLARATION
from pvo_client.guidewire import AccountHolder, Address, GuidewireClient, Vehicle
from sandbox.dealers import AXILOG

HERE = Path(__file__).resolve().parent
PORTS = {"centralisateur": 18201, "icare": 18202, "guidewire": 18203, "pvo2": 18204}
CANNED_PORT, FLASK_PORT, WIREMOCK_PORT = 18200, 18210, 18220
WORKERS = int(os.environ.get("BENCH_WORKERS", os.cpu_count() or 1))
WIREMOCK_DIR = HERE.parent / ".cache" / "wiremock"
CONNECTIONS, THREADS = 32, 2
DURATION = int(os.environ.get("BENCH_SECONDS", "10"))
BIND_SECONDS = 2
DEALER = AXILOG.login
TEMPLATE_FIELDS = {**DEMO_DECLARATION, "vin": "@VIN@"}  # each request gets its own VIN


BARE_WAITRESS = "canned JSON, bare WSGI on waitress"
BARE_FLASK = "canned JSON, bare Flask on gunicorn (gthread)"
WIREMOCK = "canned JSON, WireMock standalone stub"
FAKE_CANNED = "canned JSON, a fake (/__admin/health)"
DECLARATION = "declaration (API, Centralisateur + Icare)"
LOOKUP = "MyIcare contract look-up (HTML)"


def wait_healthy(url: str, timeout: float = 60, path: str = "/__admin/health") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{url}{path}", timeout=1).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.02)
    raise RuntimeError(f"{url} did not start")


def pss_mb(pid: int) -> float:
    """A process's proportional set size: pages shared with its forked siblings count once."""
    status = Path(f"/proc/{pid}/smaps_rollup").read_text()
    return int(re.search(r"Pss:\s+(\d+)", status)[1]) / 1024


def descendants(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            found += [int(child), *descendants(int(child))]
    return found


def rss_mb(pid: int) -> float:
    """Memory of the sandbox: the process and all its descendants (arbiters, workers), PSS."""
    return sum(pss_mb(p) for p in [pid, *descendants(pid)])


def worker_mb(pid: int) -> float:
    """Memory of one worker (PSS), averaged over the workers: the processes without children."""
    workers = [p for p in descendants(pid) if not descendants(p)]
    return sum(pss_mb(p) for p in workers) / len(workers)


def wiremock_jar() -> Path | None:
    """WireMock's standalone jar, from the npm package `wiremock`, when Java is installed."""
    if shutil.which("java") is None or shutil.which("npm") is None:
        return None
    jars = sorted(WIREMOCK_DIR.glob("node_modules/wiremock/build/wiremock-standalone-*.jar"))
    if not jars:
        WIREMOCK_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--silent", "--no-audit", "--no-fund", "wiremock@3"],
            cwd=WIREMOCK_DIR,
            check=False,
            timeout=300,
        )
        jars = sorted(WIREMOCK_DIR.glob("node_modules/wiremock/build/wiremock-standalone-*.jar"))
    return jars[-1] if jars else None


def references() -> list[subprocess.Popen[bytes]]:
    """The canned answers to compare with: waitress, Flask on gunicorn, WireMock."""
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    started = [
        subprocess.Popen([sys.executable, str(HERE / "canned.py"), str(CANNED_PORT)], **quiet),
        subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                *("-w", str(WORKERS), "-k", "gthread", "--threads", "8"),
                *("-b", f"127.0.0.1:{FLASK_PORT}", "bench.canned_flask:app"),
            ],
            cwd=HERE.parent,
            **quiet,
        ),
    ]
    jar = wiremock_jar()
    if jar is not None:
        started.append(
            subprocess.Popen(
                [
                    *("java", "-jar", str(jar), "--port", str(WIREMOCK_PORT)),
                    *("--root-dir", str(HERE / "wiremock"), "--disable-banner"),
                    "--no-request-journal",
                ],
                **quiet,
            )
        )
    return started


def wrk(url: str, script: str, *args: str, seconds: int = DURATION) -> dict[str, Any]:
    env = {**os.environ, "WRK_LUA_DIR": str(HERE / "lua")}
    command = [
        "wrk",
        f"-t{THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(HERE / "lua" / script),
        url,
    ]
    if args:
        command += ["--", *args]
    output = subprocess.run(
        command, capture_output=True, text=True, env=env, check=True, timeout=seconds + 60
    ).stdout
    result = json.loads(output.split("WRK_RESULT", 1)[1].strip().splitlines()[0])
    result["per_second"] = round(result["requests"] / result["seconds"], 1)
    return result


def start_sandbox(data_dir: Path, workers: int = WORKERS) -> tuple[subprocess.Popen[bytes], float]:
    env = {
        **os.environ,
        "SANDBOX_DATA_DIR": str(data_dir),
        **{f"{name.upper()}_PORT": str(port) for name, port in PORTS.items()},
    }
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "pvo-sandbox"), "up", "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for port in PORTS.values():
        wait_healthy(f"http://127.0.0.1:{port}")
    return process, time.perf_counter() - started


def contract_numbers(icare: str, pages: int = 5) -> list[str]:
    """Numbers of contracts the declaration scenario created, to look up."""
    found: list[str] = []
    for page in range(1, pages + 1):
        response = requests.get(
            f"{icare}/api/v1/dealers/IC-953617/contracts",
            params={"page": page, "page_size": 100},
            auth=("centralisateur", "centralisateur-secret"),
            timeout=30,
        )
        found += [c["contract_number"] for c in response.json()]
    return found


def myicare_cookie(icare: str) -> str:
    """The `Cookie` header of a dealer signed in to MyIcare, as its browser would send it."""
    browser = requests.Session()
    page = browser.get(f"{icare}/myicare/connexion", timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    browser.post(
        f"{icare}/myicare/connexion",
        data={"csrf_token": token, "identifiant": "IC-953617", "password": "spoticar"},
        timeout=10,
    ).raise_for_status()
    return "; ".join(f"{name}={value}" for name, value in browser.cookies.items())


def prepare_jobs(url: str, count: int) -> tuple[str, list[str]]:
    """A token for wrk, and `count` Draft jobs made with PVO²'s own Guidewire client."""
    token = requests.post(
        f"{url}/oauth2/token",
        auth=("pvo2", "pvo2-secret"),
        data={"grant_type": "client_credentials"},
        timeout=10,
    ).json()
    address = Address("1 rue du Banc", "75010", "Paris")
    ids = []
    with GuidewireClient(url, "pvo2", "pvo2-secret") as client:
        for index in range(count):
            holder = AccountHolder(
                "Paul",
                f"Martin{index}",
                date(1971, 3, 12),
                "paul@example.fr",
                "0612345678",
                address,
            )
            account = client.create_account(holder, AXILOG.code_rrdi)
            vehicle = Vehicle(
                f"VR3{index:014d}",
                "GA-208-PL",
                "PEUGEOT",
                "208",
                date(2023, 5, 11),
                12000,
                Decimal("16400.00"),
            )
            job = client.create_submission(
                account.id, AXILOG.code_rrdi, vehicle, "PANNE_MECANIQUE_12", date(2025, 11, 30)
            )
            ids.append(job.id)
    return token["access_token"], ids


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_gib = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30)
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory_gib} GiB, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def run() -> dict[str, Any]:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")
    results: dict[str, Any] = {
        "machine": machine(),
        "connections": CONNECTIONS,
        "workers": WORKERS,
        "seconds_per_scenario": DURATION,
        "scenarios": {},
    }
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        baselines = references()
        sandbox, ready = start_sandbox(Path(tmp))
        results["ready_seconds"] = round(ready, 2)
        try:
            wait_healthy(f"http://127.0.0.1:{CANNED_PORT}")
            wait_healthy(f"http://127.0.0.1:{FLASK_PORT}", path="/")
            results["rss_idle_mb"] = round(rss_mb(sandbox.pid), 1)
            results["worker_idle_mb"] = round(worker_mb(sandbox.pid), 1)
            central = f"http://127.0.0.1:{PORTS['centralisateur']}"
            icare = f"http://127.0.0.1:{PORTS['icare']}"
            guidewire = f"http://127.0.0.1:{PORTS['guidewire']}"
            requests.put(
                f"{central}/api/v1/profile", json={"icare_id": "IC-953617"}, auth=DEALER, timeout=10
            ).raise_for_status()
            template = Path(tmp) / "declaration.json"
            template.write_text(
                json.dumps({"fields": TEMPLATE_FIELDS, "commercial_warranty": "spoticar"})
            )
            auth = "Basic " + base64.b64encode(":".join(DEALER).encode()).decode()
            scenarios = results["scenarios"]
            scenarios[BARE_WAITRESS] = wrk(f"http://127.0.0.1:{CANNED_PORT}/", "get.lua")
            scenarios[BARE_FLASK] = wrk(f"http://127.0.0.1:{FLASK_PORT}/", "get.lua")
            if len(baselines) == 3:
                wait_healthy(f"http://127.0.0.1:{WIREMOCK_PORT}", path="/")
                scenarios[WIREMOCK] = wrk(f"http://127.0.0.1:{WIREMOCK_PORT}/", "get.lua")
            scenarios[FAKE_CANNED] = wrk(f"{central}/__admin/health", "get.lua")
            scenarios[DECLARATION] = wrk(central, "declare.lua", str(template), auth)
            numbers = Path(tmp) / "numbers.txt"
            numbers.write_text("\n".join(contract_numbers(icare)))
            scenarios[LOOKUP] = wrk(icare, "lookup.lua", str(numbers), myicare_cookie(icare))
            token, ids = prepare_jobs(guidewire, int(os.environ.get("BENCH_JOBS", "2500")))
            job_ids = Path(tmp) / "jobs.txt"
            job_ids.write_text("\n".join(ids))
            scenarios["Guidewire quote"] = wrk(
                guidewire, "job_action.lua", str(job_ids), "quote", token, str(THREADS)
            )
            # Each job is bound once: a short run, on more jobs than it can bind.
            scenarios["Guidewire bind-and-issue"] = wrk(
                guidewire,
                "job_action.lua",
                str(job_ids),
                "bind-and-issue",
                token,
                str(THREADS),
                seconds=BIND_SECONDS,
            )
            results["rss_after_mb"] = round(rss_mb(sandbox.pid), 1)
            results["worker_after_mb"] = round(worker_mb(sandbox.pid), 1)
        finally:
            for process in (sandbox, *baselines):
                process.terminate()
                process.wait(timeout=20)
    return results


def ratios(scenarios: dict[str, dict[str, Any]]) -> list[str]:
    """The comparisons the targets are stated in, from this one run."""
    rate = {name: r["per_second"] for name, r in scenarios.items()}
    lines = [
        f"- A fake's canned answer / bare Flask on gunicorn: "
        f"{rate[FAKE_CANNED] / rate[BARE_FLASK]:.2f} (target: at least 1).",
        f"- MyIcare look-up / a fake's canned answer: {rate[LOOKUP] / rate[FAKE_CANNED]:.2f} "
        "(target: 0.8).",
    ]
    if WIREMOCK in rate:
        lines.append(
            f"- A fake's canned answer / WireMock's canned stub: "
            f"{rate[FAKE_CANNED] / rate[WIREMOCK]:.2f}; a full declaration / WireMock's stub: "
            f"{rate[DECLARATION] / rate[WIREMOCK]:.3f}."
        )
    return lines


def markdown(results: dict[str, Any]) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"Machine: {results['machine']}. Load: wrk, {results['connections']} connections, "
        f"{THREADS} threads, {results['seconds_per_scenario']} s per scenario, on loopback, in "
        f"one run (`make bench`). The fakes run as `pvo-sandbox up --workers {results['workers']}` "
        "(gunicorn pre-fork, SQLite files in WAL mode, synchronous=NORMAL); the references are "
        "measured in the same run.",
        "",
        "| scenario | req/s | p50 ms | p95 ms | p99 ms | non-2xx | socket errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, r in results["scenarios"].items():
        lines.append(
            f"| {name} | {r['per_second']:.0f} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} "
            f"| {r['p99_ms']:.1f} | {r['non_2xx']} | {r['socket_errors']} |"
        )
    lines += [
        "",
        f"- `pvo-sandbox up` ready (every fake answering its health check): "
        f"{results['ready_seconds']} s after the process is spawned.",
        f"- Memory of the whole sandbox (PSS, arbiters and workers): {results['rss_idle_mb']} MB "
        f"idle, {results['rss_after_mb']} MB after the run; one worker: "
        f"{results['worker_idle_mb']} MB idle, {results['worker_after_mb']} MB after.",
        *ratios(results["scenarios"]),
        "",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    outcome = run()
    (HERE / "results.json").write_text(json.dumps(outcome, indent=2, ensure_ascii=False) + "\n")
    (HERE / "RESULTS.md").write_text(
        markdown(outcome) + (HERE / "NOTES.md").read_text()
        if (HERE / "NOTES.md").exists()
        else markdown(outcome)
    )
    print(markdown(outcome))
