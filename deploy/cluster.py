"""Run N app processes behind nginx on one machine: ``python deploy/cluster.py --processes 3
--port 8080`` (or ``make scale``). Each process is started as ``make run`` starts one
(serve.py), on its own loopback port, reading the same database file read-only; nginx (Debian's
package) listens on ``--port`` and keeps each browser on one process (deploy/nginx.conf.template).
A process joins only once ``/_stcore/health`` answers. Ctrl+C stops them all.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from deploy.wsclient import healthy  # noqa: E402

TEMPLATE = ROOT / "deploy" / "nginx.conf.template"
NGINX_CANDIDATES = ("nginx", "/usr/sbin/nginx")


class ClusterError(RuntimeError):
    """Something the person starting the cluster can fix; the message says what."""


def nginx_binary() -> str:
    for candidate in NGINX_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    raise ClusterError("nginx is not installed. On Debian: sudo apt-get install -y nginx-light")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nginx_config(run_dir: Path, listen: str, backends: list[int]) -> str:
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in backends)
    return (TEMPLATE.read_text().replace("{run}", str(run_dir)).replace("{listen}", listen)
            .replace("{servers}", servers))


def wait_healthy(url: str, proc: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ClusterError(f"the process for {url} stopped while starting (exit {proc.returncode})")
        if healthy(url):
            return
        time.sleep(0.25)
    raise ClusterError(f"{url} did not become healthy within {seconds:.0f} s")


@dataclass
class Cluster:
    """N app processes and the nginx in front of them (a context manager)."""
    db: Path
    processes: int = 2
    port: int = 0
    run_dir: Path | None = None
    backends: dict[int, subprocess.Popen] = field(default_factory=dict)
    nginx: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Cluster:
        nginx = nginx_binary()
        if not Path(self.db).exists():
            raise ClusterError(f"no database at {self.db}: build it first (make db)")
        self.run_dir = Path(self.run_dir or tempfile.mkdtemp(prefix="probation-cluster-"))
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.run_dir.chmod(0o755)  # nginx's workers (an unprivileged user under root) write their temp files here
        self.port = self.port or free_port()
        env = dict(os.environ, PROBATION_DB=str(Path(self.db).resolve()))
        for _ in range(self.processes):
            port = free_port()
            log = (self.run_dir / f"app-{port}.log").open("w")
            self.backends[port] = subprocess.Popen(
                [sys.executable, str(ROOT / "serve.py"), "--server.port", str(port),
                 "--server.address", "127.0.0.1", "--server.headless", "true"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        for port, proc in self.backends.items():
            wait_healthy(f"http://127.0.0.1:{port}", proc)
        conf = self.run_dir / "nginx.conf"
        conf.write_text(nginx_config(self.run_dir, f"127.0.0.1:{self.port}", list(self.backends)))
        self.nginx = subprocess.Popen([nginx, "-p", str(self.run_dir), "-c", str(conf), "-g", "daemon off;"],
                                      stdout=subprocess.DEVNULL, stderr=(self.run_dir / "nginx.out").open("w"))
        wait_healthy(self.url, self.nginx, seconds=15)
        return self

    def stop_backend(self, port: int) -> None:
        """Stop one app process at once (SIGKILL: a crash, not a polite shutdown)."""
        proc = self.backends[port]
        proc.kill()
        proc.wait(timeout=10)

    def upstream_counts(self) -> dict[str, int]:
        """How many requests nginx sent to each app process (from its access log)."""
        counts: dict[str, int] = {}
        log = self.run_dir / "access.log"
        for line in log.read_text().splitlines() if log.exists() else []:
            for addr in line.rsplit(" ", 2)[-2].split(", "):
                if addr != "-":
                    counts[addr] = counts.get(addr, 0) + 1
        return counts

    def stop(self) -> None:
        procs = ([self.nginx] if self.nginx else []) + list(self.backends.values())
        for proc in procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in procs:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=15)
            if proc.poll() is None:
                proc.kill()

    def __enter__(self) -> Cluster:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, default=2, help="app processes (default 2)")
    parser.add_argument("--port", type=int, default=8080, help="the port nginx listens on (default 8080)")
    parser.add_argument("--db", type=Path,
                        default=Path(os.environ.get("PROBATION_DB", ROOT / "data" / "probation.duckdb")))
    args = parser.parse_args(argv)
    if args.processes < 1:
        print("--processes must be 1 or more", file=sys.stderr)
        return 2
    cluster = Cluster(args.db, args.processes, args.port)
    try:
        with cluster:
            print(f"{args.processes} app processes behind nginx on {cluster.url} (logs in {cluster.run_dir}); "
                  "Ctrl+C stops them", flush=True)
            while True:
                for port, proc in cluster.backends.items():
                    if proc.poll() is not None and not getattr(proc, "_reported", False):
                        print(f"app process on port {port} stopped (exit {proc.returncode}); "
                              "nginx sends its browsers to the others", flush=True)
                        proc._reported = True
                time.sleep(1)
    except ClusterError as problem:
        print(problem, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
