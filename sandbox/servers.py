"""The fakes served by waitress, a production WSGI server, each in a thread of its own.

One code path for `pvo-sandbox up`, `serve NAME` and the pytest plugin's live servers, as moto's
ThreadedMotoServer does: what the tests talk to is exactly what integrators run.
"""

from __future__ import annotations

import threading

from flask import Flask
from waitress import wasyncore
from waitress.server import create_server


class ServerThread(threading.Thread):
    """Serve one app on host:port (port 0 picks a free one) until `stop()`."""

    def __init__(
        self, app: Flask, host: str = "127.0.0.1", port: int = 0, threads: int = 8
    ) -> None:
        super().__init__(daemon=True, name=f"waitress-{app.name}")
        self.app = app
        self.sockets: dict[int, object] = {}  # waitress's socket map: the listener, then clients
        self.server = create_server(
            app,
            map=self.sockets,
            host=host,
            port=port,
            threads=threads,
            ident="spoticar-sandbox",
            clear_untrusted_proxy_headers=True,
        )

    @property
    def url(self) -> str:
        host, port = self.server.getsockname()[:2]
        return f"http://{host}:{port}"

    def run(self) -> None:
        try:
            self.server.run()
        except OSError:  # the socket was closed by stop() while the loop was polling it
            if self.server.accepting:
                raise

    def stop(self) -> None:
        """Finish the requests under way, then close every socket (kept-alive clients too,
        or the loop would wait for them) and end the thread."""
        self.server.task_dispatcher.shutdown()
        wasyncore.close_all(self.sockets)
        self.join(timeout=5)
