"""The worker processes of `muni serve --workers N`. Each worker has its own listening socket
on the same address (SO_REUSEPORT), and the kernel spreads new connections evenly over them.

uvicorn's own supervisor shares one socket between its workers. When a worker's event loop
wakes, it accepts every connection that is waiting (up to the backlog). So a burst of
connections lands on whichever worker wakes first. 50 conversations opened at once went
about 80/20 to two workers, and the busy one set the pace for all (bench/README (ad)).

The parent starts the workers and starts a new one when one dies. On SIGTERM or SIGINT it
passes the signal on and waits: each worker finishes its in-flight requests within
`timeout_graceful_shutdown`. A worker whose socket cannot be bound (the port is taken) stops
them all. A worker that dies takes its socket with it, and new connections go to the others
until its replacement has bound a new one.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import socket
import sys
import threading
from typing import Any

log = logging.getLogger("uvicorn.error")

STARTUP_FAILURE = 3  # uvicorn's exit code for a worker that could not start


def shared_port_socket(host: str, port: int) -> socket.socket:
    """A socket bound to host:port that other processes may bind as well (SO_REUSEPORT). It
    gets no connections until it listens: uvicorn calls listen once the app has started, so
    a worker that is still loading its models is not handed citizens."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


def serve_one(options: dict[str, Any]) -> None:
    """A worker: its own socket, then uvicorn's server on it until SIGTERM."""
    import uvicorn

    config = uvicorn.Config(**options)
    try:
        sock = shared_port_socket(config.host, config.port)
    except OSError as error:
        log.error("cannot listen on %s:%s: %s", config.host, config.port, error)
        sys.exit(STARTUP_FAILURE)
    uvicorn.Server(config).run(sockets=[sock])


class WorkerProcesses:
    """Runs `count` workers of the uvicorn options given (the app as an import string) until
    SIGTERM or SIGINT; replaces a worker that dies."""

    def __init__(self, count: int, options: dict[str, Any]) -> None:
        self.count = count
        self.options = options
        self._context = multiprocessing.get_context("spawn")
        self._processes: list[multiprocessing.process.BaseProcess] = []
        self._stop = threading.Event()

    def run(self) -> int:
        import uvicorn

        uvicorn.Config(**self.options)  # checks the options and sets up logging, as a worker
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: self._stop.set())
        self._processes = [self._start() for _ in range(self.count)]
        code = 0
        while not self._stop.wait(0.5):
            for i, process in enumerate(self._processes):
                if process.is_alive():
                    continue
                process.join()
                if process.exitcode == STARTUP_FAILURE:
                    log.error("worker %s could not start; stopping", process.pid)
                    self._stop.set()
                    code = STARTUP_FAILURE
                    break
                log.info("worker %s died (exit code %s); starting another",
                         process.pid, process.exitcode)
                self._processes[i] = self._start()
        self._shut_down()
        return code

    def _start(self) -> multiprocessing.process.BaseProcess:
        process = self._context.Process(target=serve_one, args=(self.options,))
        process.start()
        log.info("started worker %s", process.pid)
        return process

    def _shut_down(self) -> None:
        for process in self._processes:
            if process.is_alive():
                process.terminate()  # SIGTERM: uvicorn finishes in-flight requests
        grace = float(self.options.get("timeout_graceful_shutdown") or 0) + 10
        for process in self._processes:
            process.join(grace)
            if process.is_alive():
                process.kill()
                process.join()
