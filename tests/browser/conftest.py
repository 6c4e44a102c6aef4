"""Browser tests run against live servers (the pytest plugin's `sandbox` fixture)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser
