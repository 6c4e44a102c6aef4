"""How the sandbox starts Chromium: Debian's build when installed, Playwright's otherwise."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
# Headless on a machine with no network but loopback: no background connections, no GPU.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 1000}


def launch_options() -> dict[str, Any]:
    """Playwright launch options; `playwright install chromium` users get their own browser."""
    options: dict[str, Any] = {"args": CHROMIUM_FLAGS}
    if DEBIAN_CHROMIUM.exists() and not os.environ.get("PLAYWRIGHT_BROWSERS_PATH"):
        options["executable_path"] = str(DEBIAN_CHROMIUM)
    return options
