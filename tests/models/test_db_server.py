"""A PostgreSQL server that restarts while the program runs.

Each test module starts its own throwaway cluster (initdb in a temporary folder, a port of
its own) so that restarting it never disturbs a server anyone else uses. Collected where
PostgreSQL is installed for the storage tests, as the other PostgreSQL tests are: when
SERVICE_LEDGER_TEST_PG is set (``.ci/run`` installs the server and sets it).
"""
from __future__ import annotations

import contextlib
import glob
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from models.accounts import User
from models.db import ServerDatabase, db
from models.errors import DatabaseUnavailable
from models.service.categories import categories
from models.service.counts import ServiceEvent, record_press
from models.storage import open_ledger
from models.users import create_first_secretary

PG_URL = os.environ.get("SERVICE_LEDGER_TEST_PG", "")
PORTS = range(54331, 54341)
STOPS = ["fast", "immediate"]
PIN = "24681357"


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS}")


class Cluster:
    """A PostgreSQL cluster of the test's own, run as the postgres user when we are root."""

    def __init__(self) -> None:
        self.bin = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name))[-1])
        self.root = Path(tempfile.mkdtemp(prefix="service-ledger-restart-"))
        self.data, self.socket = self.root / "data", self.root / "sock"
        self.socket.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
            shutil.chown(self.socket, "postgres", "postgres")
        self.port = free_port()
        self.run("initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8")
        self.start()

    def run(self, tool: str, *args: object) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, str(self.bin / tool), *map(str, args)], check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        self.run("pg_ctl", "-D", self.data, "-l", self.root / "log", "-w", "-o",
                 f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.socket}", "start")

    def stop(self, mode: str) -> None:
        self.run("pg_ctl", "-D", self.data, "-m", mode, "-w", "stop")

    def restart(self, mode: str) -> None:
        self.stop(mode)
        self.start()

    def url(self, name: str = "postgres", port: int | None = None) -> str:
        return f"postgresql://postgres@127.0.0.1:{port or self.port}/{name}"

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


class CuttingProxy:
    """A TCP relay to the server that can lose the server's answer to a COMMIT: the server
    commits, the program sees its connection end — a network cut at the worst moment."""

    def __init__(self, port: int) -> None:
        self.target = port
        self.cut_next_commit = False
        self.commit_names: set[bytes] = set()
        self.sockets: list[socket.socket] = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target))
            self.sockets += [client, server]
            cut = threading.Event()  # set once this connection's COMMIT went out: drop the answer
            threading.Thread(target=self._to_server, args=(client, server, cut), daemon=True).start()
            threading.Thread(target=self._to_client, args=(server, client, cut), daemon=True).start()

    def _to_server(self, client: socket.socket, server: socket.socket, cut: threading.Event) -> None:
        with contextlib.suppress(OSError):
            while chunk := client.recv(65536):
                # psycopg prepares a statement it sends often (COMMIT too): remember its name
                self.commit_names.update(re.findall(rb"P....(\w+)\x00COMMIT\x00", chunk, re.DOTALL))
                if self.cut_next_commit and self._is_commit(chunk):
                    self.cut_next_commit = False
                    cut.set()
                server.sendall(chunk)

    def _to_client(self, server: socket.socket, client: socket.socket, cut: threading.Event) -> None:
        with contextlib.suppress(OSError):
            while chunk := server.recv(65536):
                if cut.is_set():  # the server's answer to COMMIT, never passed on
                    for end in (client, server):
                        end.shutdown(socket.SHUT_RDWR)
                    return
                client.sendall(chunk)

    def _is_commit(self, chunk: bytes) -> bool:
        return b"COMMIT\x00" in chunk or any(re.search(rb"B....\x00" + name + rb"\x00", chunk, re.DOTALL)
                                              for name in self.commit_names)

    def close(self) -> None:
        self.listener.close()
        for end in self.sockets:
            end.close()


if PG_URL:

    @pytest.fixture(scope="module")
    def cluster() -> Iterator[Cluster]:
        own = Cluster()
        yield own
        own.remove()

    @pytest.fixture
    def ledger_url(cluster: Cluster, request: pytest.FixtureRequest) -> Iterator[str]:
        import psycopg

        name = "ledger_" + "".join(ch for ch in request.node.name if ch.isalnum())[-40:].lower()
        with psycopg.connect(cluster.url(), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        yield cluster.url(name)
        if not db.obj.is_closed():
            db.obj.close()

    @pytest.mark.parametrize("stop", STOPS)
    def test_the_next_action_after_a_restart_works(cluster: Cluster, ledger_url: str, stop: str) -> None:
        database = open_ledger(ledger_url)
        secretary = create_first_secretary("林秘書", PIN, PIN)
        category = categories()[0]
        record_press(secretary, category)
        cluster.restart(stop)
        assert [c.code for c in categories()][:1] == [category.code]  # a read first
        record_press(secretary, category)
        cluster.restart(stop)
        record_press(secretary, category)  # a write first
        assert ServiceEvent.select().count() == 3
        database.close()

    @pytest.mark.parametrize("stop", STOPS)
    def test_a_write_cut_off_before_commit_is_absent_and_the_user_is_told(
        cluster: Cluster, ledger_url: str, stop: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        database = open_ledger(ledger_url)
        secretary = create_first_secretary("林秘書", PIN, PIN)
        category = categories()[0]
        record_press(secretary, category)
        statements: list[str] = []
        real = ServerDatabase.execute_sql

        def restart_after_the_insert(self: ServerDatabase, sql: str, params: object = None) -> object:
            cursor = real(self, sql, params)
            statements.append(sql)
            if self.in_transaction() and sql.startswith('INSERT INTO "service_event"'):
                cluster.restart(stop)  # the event is sent, its audit row and COMMIT not yet
            return cursor

        monkeypatch.setattr(ServerDatabase, "execute_sql", restart_after_the_insert)
        with pytest.raises(DatabaseUnavailable, match="這筆資料沒有存入") as cut:
            record_press(secretary, category)
        assert any(s.startswith('INSERT INTO "service_event"') for s in statements)
        assert "server" not in cut.value.message.lower()
        monkeypatch.undo()
        assert ServiceEvent.select().count() == 1  # wholly absent, audit row and all
        record_press(secretary, category)  # and the program goes on by itself
        assert ServiceEvent.select().count() == 2
        database.close()

    def test_a_write_whose_commit_answer_was_lost_is_found_stored(cluster: Cluster, ledger_url: str) -> None:
        proxy = CuttingProxy(cluster.port)
        try:
            database = open_ledger(ledger_url.replace(f":{cluster.port}/", f":{proxy.port}/"))
            secretary = create_first_secretary("林秘書", PIN, PIN)
            category = categories()[0]
            proxy.cut_next_commit = True
            event = record_press(secretary, category)  # no error: the server has it
            assert not proxy.cut_next_commit  # the answer to its COMMIT really was lost
            assert [e.id for e in ServiceEvent.select()] == [event.id]
            assert User.select().count() == 1
            database.close()
        finally:
            proxy.close()

    def test_txid_status_tells_committed_from_aborted_after_a_restart(cluster: Cluster, ledger_url: str) -> None:
        database = open_ledger(ledger_url)
        assert isinstance(database, ServerDatabase)
        with database.atomic():
            committed = database.current_xid
            secretary = create_first_secretary("林秘書", PIN, PIN)
        with contextlib.suppress(ZeroDivisionError), database.atomic():
            aborted = database.current_xid
            record_press(secretary, categories()[0])
            1 / 0
        with database.atomic():
            nothing_written = database.current_xid  # its commit never needs to reach the disk
        cluster.restart("immediate")
        assert database.transaction_outcome(nothing_written) in ("committed", "aborted")
        assert database.transaction_outcome(committed) == "committed"
        assert database.transaction_outcome(aborted) == "aborted"
        database.close()


    def test_each_thread_keeps_its_own_transaction_id(cluster: Cluster, ledger_url: str) -> None:
        """The window saves while a check runs on a worker: one's COMMIT must not take or clear
        the other's id, or a lost COMMIT answer would be looked up for the wrong transaction."""
        database = open_ledger(ledger_url)
        assert isinstance(database, ServerDatabase)
        worker_began, window_committed = threading.Event(), threading.Event()
        seen: dict[str, int | None] = {}

        def worker() -> None:
            with database.atomic(isolation_level="REPEATABLE READ"):  # as verify reads: it does not queue
                seen["worker"] = database.current_xid
                worker_began.set()
                window_committed.wait(10)
                seen["worker after"] = database.current_xid
            database.close()

        thread = threading.Thread(target=worker)
        thread.start()
        assert worker_began.wait(10)
        with database.atomic():
            seen["window"] = database.current_xid
        window_committed.set()
        thread.join(10)
        assert seen["worker"] is not None and seen["window"] is not None
        assert seen["worker"] != seen["window"]
        assert seen["worker after"] == seen["worker"]
        database.close()
