"""Private Redis and PostgreSQL servers that a test may stop and start at will.

Never the shared services on 6379/5432: other test runs use those. Each server here lives in
a temporary directory, on a free loopback port, and is torn down with the test module.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_port(port: int, up: bool, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            s.settimeout(0.2)
            listening = s.connect_ex(("127.0.0.1", port)) == 0
        if listening == up:
            return
        time.sleep(0.05)
    raise TimeoutError(f"port {port} did not go {'up' if up else 'down'} in {timeout} s")


class PrivateRedis:
    """A redis-server of its own; ``stop()`` saves its data like a real restart would."""

    def __init__(self, workdir: Path) -> None:
        self.dir = workdir
        self.dir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        """Start (again) on the same port and data directory."""
        self.proc = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.dir),
                "--save",
                "3600 1",
                "--appendonly",
                "no",
                "--protected-mode",
                "no",
            ],
            stdout=open(self.dir / "redis.log", "ab"),
            stderr=subprocess.STDOUT,
        )
        _wait_port(self.port, True)

    def stop(self) -> None:
        """SIGTERM: Redis writes its snapshot and exits, as on an orderly restart."""
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=20)
            self.proc = None
        _wait_port(self.port, False)


class PrivatePostgres:
    """A PostgreSQL cluster made with initdb in a temporary directory (as ``postgres`` when root)."""

    def __init__(self) -> None:
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not bins:
            raise RuntimeError(
                "PostgreSQL server binaries (/usr/lib/postgresql/*/bin) are not installed"
            )
        self.bin = Path(bins[-1]).parent
        # Not pytest's tmp_path: its parents are private to root, and the server runs as postgres.
        self.dir = Path(tempfile.mkdtemp(prefix="shequ-pg-"))
        self.port = free_port()
        self.user = "postgres" if os.geteuid() == 0 else os.environ.get("USER") or "postgres"
        self.url = f"postgresql+asyncpg://{self.user}@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        cmd = [str(a) for a in args]
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(
            cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60
        )

    def init(self) -> None:
        """Create the cluster (trust authentication on loopback)."""
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run(
            self.bin / "initdb",
            "-D",
            self.dir / "data",
            "-A",
            "trust",
            "-U",
            self.user,
            "-E",
            "UTF8",
        )

    def start(self) -> None:
        """Start (again) on the same port."""
        opts = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            self.bin / "pg_ctl",
            "-D",
            self.dir / "data",
            "-l",
            self.dir / "pg.log",
            "-o",
            opts,
            "-w",
            "start",
        )

    def stop(self) -> None:
        """Stop fast: open connections are cut, as when the database server goes away."""
        self._run(self.bin / "pg_ctl", "-D", self.dir / "data", "-m", "fast", "-w", "stop")
        _wait_port(self.port, False)

    def remove(self) -> None:
        """Stop if running and delete the cluster."""
        try:
            self.stop()
        except (subprocess.CalledProcessError, TimeoutError):
            pass
        shutil.rmtree(self.dir, ignore_errors=True)
