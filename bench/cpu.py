"""`make bench`'s CPU account: what one declaration costs each fake, and where that CPU goes.

Throughput on a shared 2-core machine moves with whatever else runs; the CPU time a fake's
processes spend per declaration does not. The fakes run as `pvo-sandbox up --workers 1`; one
client declares sequentially over a keep-alive connection; the CPU time of each fake's processes
(user + system, from /proc) is read before and after. With py-spy installed, a second pass is
sampled and each sample put in one bucket by what the request was doing (`bucket`), which gives
the breakdown. Prints Markdown; `--output FILE` also writes it there.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
from run import DEALER, PORTS, TEMPLATE_FIELDS, descendants, start_sandbox

TICKS = os.sysconf("SC_CLK_TCK")
PY_SPY = Path(sys.executable).parent / "py-spy"  # the `bench` extra
FAKES = ("centralisateur", "icare")

# A sample goes to the first of these whose code is anywhere on its stack...
TASKS = [
    ("request journal", ("sandbox/journal.py",)),
    (
        "admin state reads (faults, clock)",
        ("sandbox/faults.py", "sandbox/clock.py", "sandbox/admin_state.py"),
    ),
    ("sign-in (password, failures)", ("sandbox/logins.py",)),
    ("call to Icare (HTTP client)", ("icare_client.py",)),
]
# ...else to the library of its innermost frame that is one of these...
LIBRARIES = [
    ("validation and serialisation (marshmallow)", ("marshmallow/",)),
    ("database (SQLAlchemy, sqlite3)", ("sqlalchemy/", "sqlite3/")),
]
# ...else to the rest.
REST = "HTTP server, Flask, the fakes' own code"
BUCKETS = [name for name, _ in TASKS + LIBRARIES] + [REST]


def bucket(files: list[str]) -> str:
    for name, markers in TASKS:
        if any(marker in file for file in files for marker in markers):
            return name
    for file in reversed(files):
        for name, markers in LIBRARIES:
            if any(marker in file for marker in markers):
                return name
    return REST


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def fake_processes(sandbox_pid: int) -> dict[str, list[int]]:
    """Each fake's arbiter and workers: `up` starts one child per fake, in PORTS order."""
    children = Path(f"/proc/{sandbox_pid}/task/{sandbox_pid}/children").read_text().split()
    return {
        name: [int(child), *descendants(int(child))]
        for name, child in zip(PORTS, children, strict=False)
    }


def declare(session: requests.Session, url: str, count: int, start: int) -> None:
    body = json.dumps({"fields": TEMPLATE_FIELDS, "commercial_warranty": "spoticar"})
    for index in range(start, start + count):
        answer = session.post(
            f"{url}/api/v1/declarations?submit=true",
            data=body.replace("@VIN@", f"VR3CPU{index:011d}"),
            headers={"Content-Type": "application/json"},
            timeout=30,
        )
        answer.raise_for_status()


def sample(
    pids: dict[str, list[int]], seconds: int, folder: Path
) -> dict[str, tuple[Path, subprocess.Popen[bytes]]]:
    """Start py-spy on each fake's worker (the process without children) for `seconds`."""
    samplers = {}
    for name in FAKES:
        worker = next(pid for pid in pids[name] if not descendants(pid))
        output = folder / f"{name}.txt"
        samplers[name] = (
            output,
            subprocess.Popen(
                [
                    *(str(PY_SPY), "record", "-p", str(worker), "-f", "raw", "-r", "250"),
                    *("-d", str(seconds), "-o", str(output)),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            ),
        )
    time.sleep(1)  # py-spy attached
    return samplers


def breakdown(collapsed: Path) -> dict[str, float]:
    """Share of the request-handling samples in each bucket."""
    counts: collections.Counter[str] = collections.Counter()
    for line in collapsed.read_text().splitlines():
        stack, _, samples = line.rpartition(" ")
        if "waitress/channel.py" not in stack:  # not handling a request
            continue
        counts[bucket(re.findall(r"\(([^():]+):\d+\)", stack))] += int(samples)
    total = sum(counts.values()) or 1
    return {name: counts[name] / total for name in BUCKETS}


def measure(count: int) -> str:
    with tempfile.TemporaryDirectory(prefix="bench-cpu-") as tmp:
        sandbox, _ = start_sandbox(Path(tmp), workers=1)
        try:
            central = f"http://127.0.0.1:{PORTS['centralisateur']}"
            session = requests.Session()
            session.auth = DEALER
            session.put(f"{central}/api/v1/profile", json={"icare_id": "IC-953617"}, timeout=10)
            declare(session, central, 20, 0)  # warm: imports, caches, connections
            pids = fake_processes(sandbox.pid)
            before = {name: cpu_seconds(pids[name]) for name in FAKES}
            started = time.perf_counter()
            declare(session, central, count, 20)
            wall = (time.perf_counter() - started) / count * 1000
            per = {name: (cpu_seconds(pids[name]) - before[name]) / count * 1000 for name in FAKES}
            shares = {}
            if PY_SPY.exists():
                samplers = sample(pids, 12, Path(tmp))
                declare(session, central, count, 20 + count)
                for _, sampler in samplers.values():
                    sampler.wait(timeout=60)  # it writes its samples when its time is up
                if all(path.exists() for path, _ in samplers.values()):  # it may not attach
                    shares = {name: breakdown(path) for name, (path, _) in samplers.items()}
        finally:
            sandbox.terminate()
            sandbox.wait(timeout=20)
    lines = [
        f"One declaration (`POST /api/v1/declarations?submit=true`), {count} in a row on one "
        f"keep-alive connection, `--workers 1`: {wall:.1f} ms wall each; CPU per declaration: "
        + ", ".join(f"{name} {ms:.1f} ms" for name, ms in per.items())
        + f", {sum(per.values()):.1f} ms in all.",
        "",
    ]
    if shares:
        lines += ["| where the CPU goes | " + " | ".join(FAKES) + " |", "| --- | ---: | ---: |"]
        for name in BUCKETS:
            cells = " | ".join(
                f"{shares[fake][name] * per[fake]:.1f} ms ({shares[fake][name]:.0%})"
                for fake in FAKES
            )
            lines.append(f"| {name} | {cells} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()
    report = measure(args.count)
    print(report)
    if args.output:
        args.output.write_text(report)


if __name__ == "__main__":
    main()
