"""`with running_sandbox() as sandbox:` the fakes for code outside pytest.

    from harness import running_sandbox

    with running_sandbox() as sandbox:
        requests.get(sandbox.urls["centralisateur"] + "/api/v1/declarations", ...)
        sandbox.icare.add_fault("/api/v1/contracts", "status", status=503)

The same waitress servers as `pvo-sandbox up` and the pytest plugin, in threads of this process,
on free loopback ports, with their own data in a temporary folder (or `data_dir`).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from harness.admin_client import SandboxAdmin
from harness.servers import start_sandbox


@contextmanager
def running_sandbox(
    data_dir: Path | None = None, config: dict[str, dict[str, object]] | None = None
) -> Iterator[SandboxAdmin]:
    """Start the fakes, yield their admin client (`.urls`, `.reset()`, `.icare`...), stop them.

    `config` overrides a fake's settings by name, e.g. `{"centralisateur": {"TODAY": ...}}`.
    """
    with tempfile.TemporaryDirectory(prefix="pvo-sandbox-") as scratch:
        running = start_sandbox(data_dir or Path(scratch), config)
        try:
            yield SandboxAdmin(running.urls)
        finally:
            for server in running.servers.values():
                server.stop()
