"""`make bench`: serve msportal as production does and measure it under load with Locust.

Starts gunicorn (gunicorn.conf.py: DEBUG off, workers from the core count, WhiteNoise) on
a free loopback port over PostgreSQL and Redis, waits for /healthz, then runs Locust headless
in a second process, in four phases:

1. warm-up: the mix, not measured (workers import, caches fill, PostgreSQL reads its pages);
2. ceiling: /healthz without pauses, the most this stack answers on this machine;
3. lessons: lesson pages without pauses, to compare with the ceiling;
4. the mix: readers, quiz takers and educators (scripts/bench/locustfile.py), measured.

Then it times the results dashboard (manage.py bench_dashboard), writes the figures between
the markers in docs/benchmarks.md, stops the server (also on Ctrl+C) and exits 1 when any
request failed. Settings (environment): DATABASE_URL (default: the database msportal_bench on
127.0.0.1:5432, created when missing), REDIS_URL (default: redis://127.0.0.1:6379/5, emptied
before the run), BENCH_USERS (50), BENCH_DURATION (60 s), BENCH_WARMUP (15 s),
BENCH_CEILING_DURATION (20 s), BENCH_LEARNERS (2000), BENCH_DASHBOARD_RUNS (10; 0 skips),
BENCH_WAIT_MIN / BENCH_WAIT_MAX (0.5 / 2 s between pages), BENCH_DOC (docs/benchmarks.md;
"-" prints instead), BENCH_SERVER_ENV (extra KEY=VALUE,... for the app server only).
"""

import csv
import datetime
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/msportal_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/5"
START, END = "<!-- bench:latest:start -->", "<!-- bench:latest:end -->"
# Pages whose p95 must stay under 150 ms: everything a learner meets.
LEARNER_PAGES = {
    "home", "module", "lesson", "FAQ", "search", "quiz intro", "quiz start (POST)",
    "quiz question", "quiz answer (POST)", "quiz submit (POST)", "quiz result",
    "review start (POST)", "review step", "review answer (POST)",
}  # fmt: skip
P95_TARGET_MS = 150


def _int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def load_average():
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def server_connection(url):
    """(connection to the server's `postgres` database, name of the database in the URL)."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    return psycopg.connect(admin, autocommit=True, connect_timeout=5), parts.path.lstrip("/")


def _ensure_database(url):
    """Create the PostgreSQL database named in the URL when it does not exist."""
    conn, name = server_connection(url)
    with conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"bench: created database {name}", file=sys.stderr)
        return conn.execute("SHOW server_version").fetchone()[0]


def _redis_version(url, flush):
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=3)
    if flush:
        client.flushdb()
    return client.info("server")["redis_version"]


def _static_out_of_date():
    """collectstatic is needed when a source file or the dependencies changed since its run.

    With Brotli installed (Locust brings it) WhiteNoise compresses every file again on each
    run, which takes minutes here; nothing changes when nothing it reads has changed.
    """
    manifest = ROOT / "staticfiles" / "staticfiles.json"
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    # site-packages changes when a package is installed, upgraded or removed.
    sources = [Path(sysconfig.get_path("purelib")), *(ROOT / "static").rglob("*")]
    return any(path.stat().st_mtime > built for path in sources)


def _wait_for(base, server, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"bench: the app server exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("bench: the app server did not answer /healthz in time")


def _stop(server):
    if server is not None and server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _locust(env, base, work, name, users, seconds, classes, spawn_rate=None):
    """One headless Locust run; returns (rows from its stats CSV, load average at the end)."""
    prefix = work / name
    command = [
        str(BIN / "locust"), "-f", str(ROOT / "scripts" / "bench" / "locustfile.py"),
        "--headless", "--only-summary", "--loglevel", "WARNING",
        "-u", str(users), "-r", str(spawn_rate or users), "-t", f"{seconds}s",
        "--reset-stats", "--stop-timeout", "5", "--host", base, "--csv", str(prefix), *classes,
    ]  # fmt: skip
    print(f"bench: {name}: {users} users, {seconds} s ({', '.join(classes)})", file=sys.stderr)
    with open(work / f"{name}.log", "w") as log:
        subprocess.run(command, env=env, stdout=log, stderr=subprocess.STDOUT, check=False)
    with open(f"{prefix}_stats.csv", newline="") as stats:
        return list(csv.DictReader(stats)), load_average()


def _num(row, key):
    value = row.get(key, "") or "0"
    return float(value) if value != "N/A" else 0.0


def _table(rows):
    lines = [
        "| page | requests | errors | req/s | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in sorted(rows, key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
        name = row["Name"]
        label = "**all requests**" if name == "Aggregated" else name
        p95 = _num(row, "95%")
        flag = " ✗" if name in LEARNER_PAGES and p95 >= P95_TARGET_MS else ""
        lines.append(
            f"| {label} | {int(_num(row, 'Request Count'))} | {int(_num(row, 'Failure Count'))} "
            f"| {_num(row, 'Requests/s'):.1f} | {_num(row, '50%'):.0f} | {p95:.0f}{flag} "
            f"| {_num(row, '99%'):.0f} | {_num(row, 'Max Response Time'):.0f} |"
        )
    return "\n".join(lines)


def _aggregate(rows):
    return next(row for row in rows if row["Name"] == "Aggregated")


def _errors(*runs):
    return sum(int(_num(_aggregate(rows), "Failure Count")) for rows in runs)


def _dashboard(env, runs):
    if runs <= 0:
        return "(skipped: BENCH_DASHBOARD_RUNS=0)"
    result = subprocess.run(
        [sys.executable, "manage.py", "bench_dashboard", "--runs", str(runs)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        return f"(bench_dashboard failed: {result.stderr.strip().splitlines()[-1:]})"
    return result.stdout.strip()


def write_doc(section, target, start=START, end=END):
    """Put the section between the markers in the file `target` ("-": print it instead)."""
    if target == "-":
        print(section)
        return
    path = Path(target)
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    block = f"{start}\n{section}\n{end}"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")
    print(f"bench: wrote {path}", file=sys.stderr)


def _server_env(database_url, redis_url, port, work):
    """(env for the tools, env for gunicorn): production-like settings, a fresh secret key."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_DEBUG"}
    env |= {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "BENCH_PASSWORD": secrets.token_urlsafe(16),
        "BENCH_TARGETS": str(work / "targets.json"),
    }
    server_env = dict(env)
    for item in filter(None, os.environ.get("BENCH_SERVER_ENV", "").split(",")):
        key, _, value = item.partition("=")
        server_env[key.strip()] = value.strip()
    return env, server_env


def _measure(env, server_env, base, work, *, users, duration, warmup, ceiling, learners):
    """Prepare the data, start gunicorn, run every Locust phase and the dashboard timing."""
    server = None
    # SIGTERM (a CI timeout, kill) runs the same clean-up as Ctrl+C.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        subprocess.run(
            [sys.executable, "scripts/bench/prepare.py", env["BENCH_TARGETS"],
             "--learners", str(learners)],
            cwd=ROOT, env=env, check=True,
        )  # fmt: skip
        if _static_out_of_date():
            print("bench: collectstatic (a few minutes when Brotli is installed)", file=sys.stderr)
            subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
                cwd=ROOT, env=env, check=True,
            )  # fmt: skip
        with open(work / "server.log", "w") as log:
            server = subprocess.Popen(
                [str(BIN / "gunicorn"), "--config", "gunicorn.conf.py", "msportal.wsgi"],
                cwd=ROOT, env=server_env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        _wait_for(base, server)
        print(f"bench: serving {base}; logs and CSVs in {work}", file=sys.stderr)
        mix = ["Reader", "QuizTaker", "Educator"]
        _locust(env, base, work, "warmup", users, warmup, mix, spawn_rate=max(1, users // 2))
        healthz = _locust(env, base, work, "ceiling", users, ceiling, ["HealthzUser"])
        lessons = _locust(env, base, work, "lessons", users, ceiling, ["LessonUser"])
        mixed = _locust(env, base, work, "mix", users, duration, mix, spawn_rate=max(1, users // 2))
        dashboard = _dashboard(env, _int("BENCH_DASHBOARD_RUNS", 10))
    finally:
        _stop(server)
        (work / "targets.json").unlink(missing_ok=True)  # it holds a password
    return healthz, lessons, mixed, dashboard


def _section(*, users, duration, warmup, ceiling, load_before, versions, results):
    """The "After" section of docs/benchmarks.md for one run."""
    import django
    import gunicorn
    import locust

    pg_version, redis_version = versions
    (healthz, load_healthz), (lessons, load_lessons), (mixed, load_mix), dashboard = results
    ceiling_rps = _num(_aggregate(healthz), "Requests/s")
    lesson_rps = _num(_aggregate(lessons), "Requests/s")
    errors = _errors(healthz, lessons, mixed)
    slow = [
        row["Name"]
        for row in mixed
        if row["Name"] in LEARNER_PAGES and _num(row, "95%") >= P95_TARGET_MS
    ]
    extra = os.environ.get("BENCH_SERVER_ENV", "")
    section = f"""### After: latest run, {datetime.date.today().isoformat()}

Command: `make bench` (BENCH_USERS={users} BENCH_DURATION={duration} BENCH_WARMUP={warmup}
BENCH_CEILING_DURATION={ceiling}{f" BENCH_SERVER_ENV={extra}" if extra else ""}); pauses of
{os.environ.get("BENCH_WAIT_MIN", "0.5")} to {os.environ.get("BENCH_WAIT_MAX", "2")} s between
pages in the mix. Machine: {os.cpu_count()} cores, {platform.machine()}; load average
(1, 5, 15 min) before starting: {load_before}. Python {platform.python_version()},
Django {django.get_version()}, gunicorn {gunicorn.__version__} (gunicorn.conf.py defaults),
Locust {locust.__version__}, PostgreSQL {pg_version}, Redis {redis_version}.

**Throughput, {users} users without pauses** ({ceiling} s each):

| view | req/s | p50 (ms) | p95 (ms) | errors | load average at the end |
| --- | ---: | ---: | ---: | ---: | --- |
| /healthz (the ceiling) | {ceiling_rps:.0f} | {_num(_aggregate(healthz), "50%"):.0f} | {_num(_aggregate(healthz), "95%"):.0f} | {_errors(healthz)} | {load_healthz} |
| lesson pages | {lesson_rps:.0f} | {_num(_aggregate(lessons), "50%"):.0f} | {_num(_aggregate(lessons), "95%"):.0f} | {_errors(lessons)} | {load_lessons} |

Lesson pages reach {100 * lesson_rps / max(ceiling_rps, 1e-9):.0f} % of the ceiling (target: at least 50 %).

**The mix, {users} users for {duration} s** (load average at the end: {load_mix}); ✗ marks a
learner page whose p95 is over {P95_TARGET_MS} ms:

{_table(mixed)}

Errors in all measured phases: {errors}.{f" Learner pages over the p95 target: {', '.join(slow)}." if slow else ""}

**Results dashboard and CSV** (`manage.py bench_dashboard --runs {_int("BENCH_DASHBOARD_RUNS", 10)}`, in-process, same database):

{dashboard}"""  # noqa: E501
    return errors, section


def main():
    users = _int("BENCH_USERS", 50)
    duration = _int("BENCH_DURATION", 60)
    warmup = _int("BENCH_WARMUP", 15)
    ceiling = _int("BENCH_CEILING_DURATION", 20)
    learners = _int("BENCH_LEARNERS", 2000)
    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE
    if not database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("bench: DATABASE_URL must name a PostgreSQL database (or be unset).")
    redis_url = os.environ.get("REDIS_URL") or DEFAULT_REDIS
    load_before = load_average()

    pg_version = _ensure_database(database_url)
    # Only the benchmark's own Redis database is emptied, never one passed in REDIS_URL.
    redis_version = _redis_version(redis_url, flush=redis_url == DEFAULT_REDIS)
    work = Path(tempfile.mkdtemp(prefix="msportal-bench-"))
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env, server_env = _server_env(database_url, redis_url, port, work)
    results = _measure(
        env, server_env, base, work,
        users=users, duration=duration, warmup=warmup, ceiling=ceiling, learners=learners,
    )  # fmt: skip
    errors, section = _section(
        users=users, duration=duration, warmup=warmup, ceiling=ceiling, load_before=load_before,
        versions=(pg_version, redis_version), results=results,
    )  # fmt: skip
    write_doc(section, os.environ.get("BENCH_DOC", str(ROOT / "docs" / "benchmarks.md")))
    if errors:
        print(f"bench: {errors} requests failed; see {work}", file=sys.stderr)
        return 1
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
