"""`make loadtest` and `make faultrun`: locust against the production server, on loopback.

A benchmark, not a test. Starts scripts/serve.sh (gunicorn, production settings) on a free
port — on a fresh SQLite file, or on PostgreSQL when DATABASE_URL is set — runs locust
headless (30 readers, 2 editors saving a claim every 2 s, 60 s) and prints: requests,
failures, server errors (5xx), lock errors ("database is locked"), p50 and p95.

--fault starts a throw-away PostgreSQL cluster (initdb/pg_ctl, temporary directory, port
54329 — never the machine's own server), serves from it, restarts it mid-run and reports the
failed requests per gunicorn worker after the restart.
"""

import argparse
import contextlib
import csv
import glob
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
FAULT_PORT = 54329
MARK = "#### loadtest:"
# The access-log line gunicorn writes (rnk_site/gunicorn.conf.py): status and worker pid.
ACCESS = re.compile(r'"[A-Z]+ \S+ HTTP/[\d.]+" (?P<status>\d{3}) .* pid=<?(?P<pid>\d+)')


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, process, timeout=300):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode}; see its log")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=5):  # noqa: S310
            return
        time.sleep(0.5)
    raise SystemExit(f"server not up after {timeout} s")


def mark(log_path, text):
    """A marker line in the server's log (both append, so lines keep their order)."""
    with open(log_path, "a", encoding="utf-8") as log:
        log.write(f"{MARK} {text} {time.time():.3f}\n")


class ThrowawayPostgres:
    """A PostgreSQL cluster in a temporary directory on its own port, removed afterwards."""

    def __init__(self, port):
        if port == 5432:
            raise SystemExit("refusing port 5432: that is the machine's own PostgreSQL")
        candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not candidates:
            raise SystemExit("initdb not found under /usr/lib/postgresql/*/bin")
        self.bin = Path(candidates[-1]).parent
        self.port = port
        self.dir = Path(tempfile.mkdtemp(prefix="rnk-faultrun-pg-"))
        self.data = self.dir / "data"
        # initdb refuses to run as root: run the cluster as the postgres user.
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.dir, "postgres", "postgres")

    def run(self, *args):
        command = [*self.as_user, *map(str, args)]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)  # noqa: S603

    def pg_ctl(self, action, *extra):
        self.run(
            self.bin / "pg_ctl",
            "-D",
            self.data,
            "-l",
            self.dir / "server.log",
            "-w",
            *extra,
            action,
        )

    def start(self):
        self.run(
            self.bin / "initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "--no-sync"
        )
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.pg_ctl("start", "-o", options)
        self.run(self.bin / "createdb", "-h", "127.0.0.1", "-p", self.port, "-U", "postgres", "rnk")
        return f"postgres://postgres@127.0.0.1:{self.port}/rnk"

    def restart(self):
        self.pg_ctl("restart", "-m", "fast")

    def stop(self):
        with contextlib.suppress(subprocess.CalledProcessError):
            self.pg_ctl("stop", "-m", "immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


def server_env(workdir, port, database_url):
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SECRET_KEY", "DJANGO_DEBUG"}}
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    env.update(
        BIN=str(BIN),
        SERVE_BIND=f"127.0.0.1:{port}",
        DJANGO_SQLITE_PATH=str(workdir / "db.sqlite3"),
        DJANGO_SECRET_KEY_FILE=str(workdir / "secret_key"),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_DEBUG="0",
    )
    return env


def create_editor(env, password):
    """A staff account for the locust editors (the site's own admin password is not known)."""
    code = (
        "import os\n"
        "from django.contrib.auth import get_user_model\n"
        "user, _ = get_user_model().objects.get_or_create(username=os.environ['LOADTEST_EDITOR'])\n"
        "user.is_staff = user.is_superuser = True\n"
        "user.set_password(os.environ['LOADTEST_PASSWORD'])\n"
        "user.save()\n"
    )
    subprocess.run(  # noqa: S603
        [str(BIN / "python"), "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={**env, "LOADTEST_EDITOR": "loadtest-editor", "LOADTEST_PASSWORD": password},
        check=True,
    )


def read_stats(prefix):
    with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    return rows


def analyse_log(log_path):
    """5xx per phase (run/during/after a restart), statuses per worker from the restart on."""
    phase = "run"
    server_errors = Counter()
    per_worker_after = defaultdict(list)
    lock_errors = 0
    for line in Path(log_path).read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith(MARK):
            phase = {"restart-begin": "during", "restart-end": "after"}.get(line.split()[2], phase)
            continue
        lock_errors += "database is locked" in line
        match = ACCESS.search(line)
        if not match:
            continue
        status = int(match["status"])
        if status >= 500:
            server_errors[phase] += 1
        if phase in {"during", "after"}:
            per_worker_after[match["pid"]].append(status)
    return server_errors, per_worker_after, lock_errors


def print_report(stats, log_path, args):
    total = stats["Aggregated"]
    server_errors, per_worker_after, lock_errors = analyse_log(log_path)
    saves = next((row for name, row in stats.items() if name.endswith("(save)")), None)
    print("\n== Load run figures")
    print(f"database:        {args.database_label}")
    print(f"duration:        {args.duration} s, {args.readers} readers + 2 editors")
    print(f"requests:        {total['Request Count']}")
    print(f"failures:        {total['Failure Count']}")
    print(f"server errors:   {sum(server_errors.values())} (5xx in the server's access log)")
    print(f"lock errors:     {lock_errors} ('database is locked' in the server's log)")
    print(f"p50 / p95:       {total['50%']} ms / {total['95%']} ms")
    print(f"requests/s:      {float(total['Requests/s']):.1f}")
    if saves:
        print(
            f"editor saves:    {saves['Request Count']} ({saves['Failure Count']} failed), "
            f"p50 {saves['50%']} ms, p95 {saves['95%']} ms"
        )
    if args.fault:
        print(
            f"5xx while pg_ctl restarted the server: {server_errors['during']}, "
            f"after it was back: {server_errors['after']}"
        )
        print("from the restart on, per worker: failed requests; failures after a success")
        for pid, statuses in sorted(per_worker_after.items()):
            failed = sum(s >= 500 for s in statuses)
            first_ok = next((i for i, s in enumerate(statuses) if s < 500), len(statuses))
            later = sum(s >= 500 for s in statuses[first_ok:])
            print(f"  worker {pid}: {failed} failed of {len(statuses)}; {later} after a success")
    print(f"server log:      {log_path}")


def run_locust(base_url, args, env, out_prefix, fault_pg, log_path):
    command = [
        str(BIN / "locust"), "-f", str(LOCUSTFILE), "--headless", "--host", base_url,
        "--users", str(args.readers + 2), "--spawn-rate", str(args.readers + 2),
        "--run-time", f"{args.duration}s", "--csv", str(out_prefix), "--only-summary",
    ]  # fmt: skip
    locust = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603
    if fault_pg:
        time.sleep(args.restart_after)
        mark(log_path, "restart-begin")
        print(f"== restarting the throw-away PostgreSQL (port {fault_pg.port})", flush=True)
        fault_pg.restart()
        mark(log_path, "restart-end")
    return locust.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds of load (60)")
    parser.add_argument("--readers", type=int, default=30, help="reader users (30)")
    parser.add_argument("--fault", action="store_true", help="restart PostgreSQL mid-run")
    parser.add_argument("--restart-after", type=int, default=20, help="seconds (fault run)")
    parser.add_argument("--out", default=str(ROOT / "var" / "loadtest"), help="results folder")
    args = parser.parse_args()

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="rnk-loadtest-"))
    fault_pg = ThrowawayPostgres(FAULT_PORT) if args.fault else None
    server = None
    try:
        database_url = fault_pg.start() if fault_pg else os.environ.get("DATABASE_URL")
        args.database_label = (
            f"throw-away PostgreSQL on 127.0.0.1:{FAULT_PORT}" if fault_pg
            else "PostgreSQL (DATABASE_URL)" if database_url
            else "SQLite (temporary file)"
        )  # fmt: skip
        port = free_port()
        env = server_env(workdir, port, database_url)
        log_path = out / ("faultrun-server.log" if args.fault else "loadtest-server.log")
        log_path.unlink(missing_ok=True)
        with open(log_path, "ab") as log:  # append mode: markers interleave safely
            server = subprocess.Popen(  # noqa: S603
                [str(ROOT / "scripts" / "serve.sh")], cwd=ROOT, env=env, stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        base_url = f"http://127.0.0.1:{port}"
        wait_for(f"{base_url}/", server)
        password = secrets.token_urlsafe(16)
        create_editor(env, password)
        print(f"== server up at {base_url} ({args.database_label}); running locust", flush=True)
        locust_env = {**os.environ, "LOADTEST_EDITOR": "loadtest-editor",
                      "LOADTEST_PASSWORD": password}  # fmt: skip
        prefix = out / ("faultrun" if args.fault else "loadtest")
        run_locust(base_url, args, locust_env, prefix, fault_pg, log_path)
        print_report(read_stats(prefix), log_path, args)
    finally:
        if server and server.poll() is None:
            server.send_signal(signal.SIGTERM)  # graceful: requests in flight finish
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        if fault_pg:
            fault_pg.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
