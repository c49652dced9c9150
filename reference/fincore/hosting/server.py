"""Run an ASGI app on 127.0.0.1 in a background thread, on a port the OS picks.

Binding the socket ourselves (port 0) before uvicorn starts means the URL is known at once and no
two services, tests or notebooks ever race for a fixed port.
"""

import asyncio
import gc
import socket
import threading
from collections.abc import Callable, Coroutine, Sequence
from typing import Any, TypeVar

import uvicorn

HOST = "127.0.0.1"
T = TypeVar("T")


def bind_free_port(host: str = HOST) -> socket.socket:
    return bind_socket(host, 0)


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening, non-blocking socket; port 0 lets the OS pick a free one."""
    # IPPROTO_TCP explicitly: asyncio only sets TCP_NODELAY on accepted connections whose socket
    # says so, and without it every keep-alive request waits ~40 ms on delayed ACKs.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.setblocking(False)
    return sock


def _loop_factory() -> Callable[[], asyncio.AbstractEventLoop]:
    # uvloop when installed (uvicorn[standard] brings it): several times faster for this I/O.
    # A loop of our own in our own thread, so a Jupyter kernel's loop policy is left alone.
    try:
        import uvloop
    except ImportError:
        return asyncio.new_event_loop
    return uvloop.new_event_loop


# A young-generation collection every 20,000 allocations instead of 700; older ones as often.
GC_THRESHOLDS = (20_000, 50, 100)


def settle_garbage_collector() -> None:
    """For a process that serves until it stops, called once its app is built and serving.

    The framework, SQLAlchemy and pydantic leave hundreds of thousands of long-lived objects that
    every full collection walked again, pausing the event loop (p99 of a pay call at 50 clients
    ~100 ms). Frozen, the collector skips them; rarer young collections cost less per request
    (bench/README.md). Not for the in-process stack: that process is a test run or a notebook.
    """
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def proxy_options(trusted_proxies: Sequence[str]) -> dict[str, Any]:
    """uvicorn's options for ``X-Forwarded-For``: believed only from the listed peers. With none
    listed, proxy headers are off: uvicorn's default would trust them from loopback, and any
    local client could pick the address the rate limits key on."""
    if not trusted_proxies:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": list(trusted_proxies)}


class ThreadedServer:
    """One uvicorn server in its own thread and event loop."""

    def __init__(
        self,
        app: Any,
        name: str,
        sock: socket.socket | None = None,
        trusted_proxies: Sequence[str] = (),
    ) -> None:
        """``trusted_proxies``: the peers whose ``X-Forwarded-For`` is believed (a service's
        ``trusted_proxies`` setting); none by default."""
        self.name = name
        self.sock = sock or bind_free_port()
        host, port = self.sock.getsockname()[:2]
        self.url = f"http://{host}:{port}"
        config = uvicorn.Config(
            app,
            log_level="warning",
            access_log=False,
            lifespan="on",
            timeout_graceful_shutdown=5,
            **proxy_options(trusted_proxies),
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._run, name=f"fincore-{name}", daemon=True)
        self._stopped = threading.Event()
        self._error: BaseException | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def _run(self) -> None:
        try:
            with asyncio.Runner(loop_factory=_loop_factory()) as runner:
                self._loop = runner.get_loop()
                runner.run(self._server.serve(sockets=[self.sock]))
        except BaseException as error:  # surfaced to the caller by start()
            self._error = error
        finally:
            self._stopped.set()

    def start(self, timeout: float = 30.0) -> "ThreadedServer":
        self._thread.start()
        # uvicorn sets ``started`` once the lifespan startup ran and the socket serves.
        while not self._server.started:
            if self._stopped.wait(0.01):
                raise RuntimeError(f"{self.name} failed to start") from self._error
            timeout -= 0.01
            if timeout <= 0:
                raise TimeoutError(f"{self.name} did not start")
        return self

    def call(self, coroutine: Coroutine[Any, Any, T], timeout: float = 60.0) -> T:
        """Run ``coroutine`` on this server's event loop (where its HTTP clients live) and wait."""
        if self._loop is None:
            raise RuntimeError(f"{self.name} is not running")
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=15)
        self.sock.close()
