"""Each worker of `muni serve --workers N` listens on a socket of its own on the same port
(SO_REUSEPORT): the kernel spreads connections over them, where one shared socket lets the
first worker to wake accept a whole burst."""

from __future__ import annotations

import socket

import pytest

from muni.operations.worker_processes import shared_port_socket


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_two_workers_sockets_on_one_port_share_a_burst_of_connections():
    port = _free_port()
    workers = [shared_port_socket("127.0.0.1", port) for _ in range(2)]
    for sock in workers:
        sock.listen(512)
        sock.setblocking(False)
    clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(200)]
    accepted = [0, 0]
    try:
        for i, sock in enumerate(workers):
            while True:
                try:
                    connection, _ = sock.accept()
                except BlockingIOError:
                    break
                connection.close()
                accepted[i] += 1
        assert sum(accepted) == 200
        # spread by a hash of each connection's address: 100 +- 7 each; one socket would have
        # taken all of them
        assert min(accepted) >= 60, accepted
    finally:
        for sock in (*clients, *workers):
            sock.close()


def test_a_socket_not_listening_yet_gets_no_connections():
    """A worker binds first and listens once its app has started (uvicorn calls listen): a
    worker still loading its models is not handed citizens."""
    port = _free_port()
    loading = shared_port_socket("127.0.0.1", port)
    ready = shared_port_socket("127.0.0.1", port)
    ready.listen(64)
    ready.setblocking(False)
    clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(20)]
    try:
        taken = 0
        while True:
            try:
                connection, _ = ready.accept()
            except BlockingIOError:
                break
            connection.close()
            taken += 1
        assert taken == 20
    finally:
        for sock in (*clients, loading, ready):
            sock.close()


def test_a_port_held_by_another_program_cannot_be_shared():
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen(1)
        with pytest.raises(OSError):
            shared_port_socket("127.0.0.1", other.getsockname()[1])
