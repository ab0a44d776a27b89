"""A private PostgreSQL server for one test: Debian's binaries, a data folder and a port
of its own, trust authentication on 127.0.0.1 only, stopped by ``pg_ctl stop``.

PostgreSQL refuses to run as root: when the test runs as root, the server runs as the
``postgres`` system user (which Debian's package creates), in a folder that user owns.
"""

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from glob import glob
from pathlib import Path

from tests.lab_server import free_port

INSTALL_HINT = "apt-get install postgresql (the server's binaries: initdb, pg_ctl)"


def find_bindir() -> Path | None:
    """The newest ``/usr/lib/postgresql/N/bin`` holding initdb and pg_ctl (Debian's layout),
    else the folder of an ``initdb`` on PATH; None if there is none."""
    found = [Path(p).parent for p in glob("/usr/lib/postgresql/*/bin/initdb")]
    found.sort(key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)
    on_path = shutil.which("initdb")
    if on_path:
        found.insert(0, Path(on_path).parent)
    return next((b for b in reversed(found) if (b / "pg_ctl").exists()), None)


def server_user() -> str | None:
    """Who runs the server: ``postgres`` when we are root, else ourselves (None)."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return "missing"
    return "postgres"


class PostgresServer:
    """``initdb`` + ``pg_ctl start`` in a temporary folder; ``stop()`` undoes both."""

    def __init__(self, bindir: Path):
        self.bindir = Path(bindir)
        self.user = server_user()
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="backprop-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.pid: int | None = None
        if self.user:
            account = pwd.getpwnam(self.user)
            os.chown(self.folder, account.pw_uid, account.pw_gid)

    def run(self, *command: str, timeout: float = 120) -> subprocess.CompletedProcess:
        """A server program run as the server's user; raises with its output on failure."""
        argv = [str(self.bindir / command[0]), *command[1:]]
        if self.user:
            argv = ["runuser", "-u", self.user, "--", *argv]
        done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout,
                              cwd=self.folder, env={**os.environ, "LC_ALL": "C.UTF-8"})
        if done.returncode != 0:
            raise RuntimeError(f"{command[0]} failed ({done.returncode}):\n{done.stdout}\n"
                               f"{done.stderr}\n{self.log_tail()}")
        return done

    def start(self) -> None:
        self.run("initdb", "-D", str(self.data), "--auth=trust", "--username=postgres",
                 "--encoding=UTF8", "--no-sync")
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 "
                   f"-c unix_socket_directories={self.folder} -c fsync=off "
                   "-c max_connections=40")
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w",
                 "-t", "60", "start")
        self.pid = int((self.data / "postmaster.pid").read_text().split()[0])

    def url(self, database: str, user: str = "postgres") -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}"

    def execute(self, *statements: str) -> None:
        """Run statements as the superuser, each in its own transaction (CREATE DATABASE
        needs that)."""
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            for statement in statements:
                connection.execute(statement)

    def stop(self) -> None:
        """``pg_ctl stop`` (fast: connections are closed), then the folder is removed."""
        if self.data.joinpath("postmaster.pid").exists():
            self.run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def running(self) -> list[int]:
        """Process ids of this server still alive: the postmaster and every backend whose
        command line names our port or data folder."""
        alive = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if int(entry.name) == self.pid or parent == self.pid or str(self.data) in cmdline:
                alive.append(int(entry.name))
        return alive

    def wait_gone(self, timeout: float = 20) -> list[int]:
        deadline = time.monotonic() + timeout
        while (left := self.running()) and time.monotonic() < deadline:
            time.sleep(0.2)
        return left

    def log_tail(self, lines: int = 30) -> str:
        if not self.log.exists():
            return ""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
