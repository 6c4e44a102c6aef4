"""What runs and drives the fakes: the `pvo-sandbox` CLI, servers, the pytest plugin, replay,
screenshots, page objects and the step catalogue. It sits above the fakes and `pvo_client`.

`running_sandbox()` starts the fakes for code outside pytest (see `harness.running`).
"""

from harness.running import running_sandbox

__all__ = ["running_sandbox"]
