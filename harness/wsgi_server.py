"""The sandbox's HTTP server: waitress, made never to go deaf.

Plain waitress stops accepting new connections once `connection_limit` sockets are open, and
only listens again when one of them closes. Clients that keep a connection open without using it
(idle keep-alive, a half-open socket, a slow sender) are closed only after `channel_timeout`
(two minutes), checked every 30 s: meanwhile every new caller, health checks included, waits in
the kernel's backlog and the fake looks frozen. This server never stops accepting. At the limit
it closes the connection that has been idle longest, as nginx does with its idle keep-alives;
when no connection is idle (every one is being served), it answers the new caller at once with
`503` and `Retry-After`. When more requests are queued than the threads can serve promptly, the
queued ones are answered `503` instead of being kept waiting.

A request the HTTP parser refuses (a malformed line or header, a body over the size any fake
accepts, an unknown transfer coding) is answered at once, in the fakes' JSON error shape and in
French, and its connection closed: a body announced too large is refused before it is read.
"""

from __future__ import annotations

import json
import logging
import socket
import time
from collections.abc import Callable, Iterable
from typing import Any

from waitress import wasyncore
from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.server import TcpWSGIServer
from waitress.task import ErrorTask, ThreadedTaskDispatcher

from sandbox.security_headers import ALWAYS

SATURATED = "Le sandbox est saturé : réessayez dans une seconde."
RETRY_AFTER_S = 1
HEALTH_PATH = "/__admin/health"
_BODY = json.dumps(
    {"code": 503, "status": "Service Unavailable", "message": SATURATED}, ensure_ascii=False
).encode()
_RAW_503 = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json; charset=utf-8\r\n"
    + f"Retry-After: {RETRY_AFTER_S}\r\nContent-Length: {len(_BODY)}\r\n".encode()
    + b"Connection: close\r\n\r\n"
    + _BODY
)

Wsgi = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

# Above every fake's MAX_CONTENT_LENGTH (the fake gives its own 413), far below waitress's 1 GB.
MAX_BODY = 1024 * 1024
PARSER_REFUSALS = {
    400: ("BAD_HTTP_REQUEST", "La requête HTTP est mal formée : elle n'a pas été traitée."),
    413: ("BODY_TOO_LARGE", "Le corps de la requête est trop volumineux : il n'a pas été lu."),
    431: ("HEADERS_TOO_LARGE", "Les en-têtes de la requête sont trop volumineux."),
    501: ("TRANSFER_CODING_UNSUPPORTED", "Seul le codage de transfert « chunked » est accepté."),
}

# What waitress answers when the app itself failed (an exception it did not answer): the request
# was read, and may have been acted on before the failure, so the caller is told to check.
APP_FAILED = (
    "INTERNAL_ERROR",
    "Une erreur interne est survenue pendant le traitement de la requête : elle a pu être "
    "enregistrée ; vérifiez-le avant de la renvoyer.",
)


class FrenchErrorTask(ErrorTask):
    """waitress's answer to a request its parser refused, in the fakes' shape and words."""

    def execute(self) -> None:
        error = self.request.error
        error_code, message = PARSER_REFUSALS.get(error.code, APP_FAILED)
        body = json.dumps(
            {
                "code": error.code,
                "status": error.reason,
                "error_code": error_code,
                "message": message,
            },
            ensure_ascii=False,
        ).encode()
        self.status = f"{error.code} {error.reason}"
        self.response_headers.extend(
            [("Content-Type", "application/json; charset=utf-8"), *ALWAYS.items()]
        )
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class FrenchErrorsChannel(HTTPChannel):
    error_task_class = FrenchErrorTask


def shed_when_queued(app: Wsgi, queue_depth: Callable[[], int], max_queue: int) -> Wsgi:
    """Answer 503 at once, without running the app, while more than `max_queue` requests wait
    for a thread: past that point a caller would wait longer than the work takes."""

    def shedding(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if queue_depth() > max_queue and environ.get("PATH_INFO") != HEALTH_PATH:
            start_response(
                "503 Service Unavailable",
                [
                    ("Content-Type", "application/json; charset=utf-8"),
                    ("Retry-After", str(RETRY_AFTER_S)),
                    ("Content-Length", str(len(_BODY))),
                ],
            )
            return [_BODY]
        return app(environ, start_response)

    return shedding


class NeverDeafServer(TcpWSGIServer):
    """A waitress TCP server that keeps accepting at its connection limit (see module doc)."""

    channel_class = FrenchErrorsChannel

    def readable(self) -> bool:
        now = time.time()
        if now >= self.next_channel_cleanup:  # waitress's own timeout of idle connections
            self.next_channel_cleanup = now + self.adj.cleanup_interval
            self.maintenance(now)
        return self.accepting

    def handle_accept(self) -> None:
        if len(self._map) >= self.adj.connection_limit and not self._close_longest_idle():
            self._refuse_one()
            return
        super().handle_accept()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.health_dispatcher = ThreadedTaskDispatcher()
        self.health_dispatcher.set_thread_count(1)

    def add_task(self, task: Any) -> None:
        """Health checks have a thread of their own when every request thread is taken: a load
        balancer's probe must not wait behind the load it balances, even when every request
        thread is held (by a slow Icare, by a database that a busy disk keeps waiting), and a
        fake under a burst still says it is alive at once. Otherwise they take a request
        thread like any call."""
        requests = getattr(task, "requests", None)
        # A request the parser refused has no path (its task answers the error).
        if requests and getattr(requests[0], "path", None) == HEALTH_PATH and self._held():
            self.health_dispatcher.add_task(task)
            return
        super().add_task(task)

    def _held(self) -> bool:
        """Whether a health check would wait for a request thread while the health thread has
        nothing queued (read without the dispatchers' locks: a hint). A flood of health checks
        thus goes to the request threads too, instead of queueing behind one thread."""
        pool = self.task_dispatcher
        busy = bool(pool.queue) or pool.active_count >= len(pool.threads)
        return busy and not self.health_dispatcher.queue

    def shutdown_threads(self, timeout: float) -> None:
        """Finish the requests under way, health checks included."""
        self.task_dispatcher.shutdown(timeout=timeout)
        self.health_dispatcher.shutdown(timeout=timeout)

    def _close_longest_idle(self) -> bool:
        """Make room: close the connection idle the longest (none being served); False when
        every connection is being served."""
        idle = [
            channel
            for channel in self.active_channels.values()
            if not channel.requests and not channel.total_outbufs_len
        ]
        if not idle:
            return False
        min(idle, key=lambda channel: channel.last_activity).handle_close()
        return True

    def _refuse_one(self) -> None:
        try:
            conn, _addr = self.socket.accept()
        except OSError:
            return
        try:
            conn.setblocking(False)
            conn.send(_RAW_503)  # a few hundred bytes: fits the fresh socket's buffer
            conn.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        finally:
            conn.close()


def make_server(
    app: Wsgi,
    socket_map: dict[int, Any],
    host: str = "127.0.0.1",
    port: int = 0,
    sock: socket.socket | None = None,
    threads: int = 8,
    connection_limit: int = 1000,
    max_queue: int | None = None,
) -> NeverDeafServer:
    """A server on host:port, or on `sock` when the socket is already bound (a pre-forked worker).

    `max_queue` defaults to eight requests per thread: enough for a burst of 32 callers on the
    default threads, short enough that a queued caller waits well under a second.
    """
    adj = Adjustments(
        host=host,
        port=port,
        threads=threads,
        connection_limit=connection_limit,
        channel_timeout=30,
        cleanup_interval=5,
        ident="spoticar-sandbox",
        clear_untrusted_proxy_headers=True,
        asyncore_use_poll=True,  # select() cannot watch more than 1,024 sockets
        max_request_body_size=MAX_BODY,
    )
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # the shedding says it instead
    dispatcher = ThreadedTaskDispatcher()
    dispatcher.set_thread_count(threads)
    limit = max_queue if max_queue is not None else 8 * threads
    shed = shed_when_queued(app, lambda: len(dispatcher.queue), limit)
    if sock is None:
        return NeverDeafServer(shed, socket_map, dispatcher=dispatcher, adj=adj)
    sockinfo = (sock.family, sock.type, sock.proto, sock.getsockname())
    return NeverDeafServer(
        shed,
        socket_map,
        _sock=sock,
        dispatcher=dispatcher,
        adj=adj,
        bind_socket=False,
        sockinfo=sockinfo,
    )


def serve_until(server: NeverDeafServer, still_running: Callable[[], bool]) -> None:
    """Run the server's loop until `still_running()` is false (checked at least every second,
    at once after `server.pull_trigger()`), then finish the requests under way and close."""
    socket_map = server._map
    while still_running():
        wasyncore.loop(timeout=1.0, map=socket_map, use_poll=True, count=1)
    server.shutdown_threads(timeout=5)
    wasyncore.close_all(socket_map)
