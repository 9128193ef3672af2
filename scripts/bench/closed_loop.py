"""`make bench` (second part): each page alone, closed loop, as a ratio to /healthz.

Starts gunicorn like scripts/bench/run.py (same database, Redis and settings), then for each
repetition (BENCH_REPEATS, 3), each number of clients (BENCH_CLIENTS, "1,10,50") and each
page asks for that page only, without pauses, for BENCH_CLOSED_DURATION seconds (5). The
pages take turns, so load from elsewhere on the machine spreads over all of them. Absolute
figures on a shared machine are noisy; each page's requests per second divided by /healthz's
from the same repetition and client count is the figure to compare. Also reports the app
server's memory per worker after the run (RSS and PSS) and how many workers it started.
Writes its section between the bench:closed markers of docs/benchmarks.md (BENCH_DOC; "-"
prints it).
"""

import datetime
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import run

# (Locust user class, the name its requests carry, label in the table)
ALL_PAGES = [
    ("HealthzUser", "healthz", "/healthz"),
    ("LessonUser", "lesson", "lesson, visitor without a session (page cache)"),
    ("SignedInLessonUser", "lesson, signed in", "lesson, signed-in learner"),
    ("QuizStepUser", "quiz step, signed in", "quiz step, signed-in learner"),
    ("SignedInSearchUser", "search, signed in", "search, signed-in learner"),
    ("ApiListUser", "API list, anonymous", "`/api/v1/articles/`, anonymous"),
]
# BENCH_PAGES="API list, anonymous;lesson": only these request names (";" between); /healthz
# is always measured.
_chosen = [name.strip() for name in os.environ.get("BENCH_PAGES", "").split(";") if name.strip()]
PAGES = [page for page in ALL_PAGES if not _chosen or page[1] in _chosen or page[1] == "healthz"]
START, END = "<!-- bench:closed:start -->", "<!-- bench:closed:end -->"


def _workers(server):
    """(pid, RSS MiB, PSS MiB) of each gunicorn worker: the master's children."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    result = []
    for pid in children.read_text().split() if children.exists() else []:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024
        pss = int(re.search(r"^Pss:\s+(\d+)", rollup, re.M).group(1)) / 1024
        result.append((int(pid), rss, pss))
    return result


def _one(env, base, work, cls, users, seconds, label):
    rows, _load = run._locust(env, base, work, label, users, seconds, [cls])
    row = run._aggregate(rows)
    return {
        "rps": run._num(row, "Requests/s"),
        "p50": run._num(row, "50%"),
        "p95": run._num(row, "95%"),
        "errors": int(run._num(row, "Failure Count")),
    }


def measure(env, server_env, base, work, *, repeats, clients, seconds, warmup):
    server = None
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    results = {}  # (page, users) -> list of (result, ratio)
    try:
        subprocess.run(
            [sys.executable, "scripts/bench/prepare.py", env["BENCH_TARGETS"],
             "--learners", str(run._int("BENCH_LEARNERS", 2000))],
            cwd=run.ROOT, env=env, check=True,
        )  # fmt: skip
        if run._static_out_of_date():
            subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
                cwd=run.ROOT, env=env, check=True,
            )  # fmt: skip
        with open(work / "server.log", "w") as log:
            server = subprocess.Popen(
                [str(run.BIN / "gunicorn"), "--config", "gunicorn.conf.py", "msportal.wsgi"],
                cwd=run.ROOT, env=server_env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        run._wait_for(base, server)
        for cls, _name, _label in PAGES:  # warm-up: every page, every worker
            _one(env, base, work, cls, max(clients), warmup, f"warmup-{cls}")
        for repeat in range(repeats):
            for users in clients:
                block = {}
                for cls, _name, label in PAGES:
                    block[label] = _one(
                        env, base, work, cls, users, seconds, f"r{repeat}-{users}-{cls}"
                    )
                ceiling = max(block["/healthz"]["rps"], 1e-9)
                for label, result in block.items():
                    results.setdefault((label, users), []).append((result, result["rps"] / ceiling))
        time.sleep(1)
        memory = _workers(server)
    finally:
        run._stop(server)
        (work / "targets.json").unlink(missing_ok=True)
    boots = (work / "server.log").read_text(errors="replace").count("Booting worker")
    return results, memory, boots


def _span(values, fmt):
    low, high = min(values), max(values)
    return (
        fmt.format(low)
        if fmt.format(low) == fmt.format(high)
        else f"{fmt.format(low)}–{fmt.format(high)}"
    )


def section(results, memory, boots, *, repeats, clients, seconds, load_before):
    extra = os.environ.get("BENCH_SERVER_ENV", "")
    lines = [
        f"### Closed loop, {datetime.date.today().isoformat()}",
        "",
        f"Command: `make bench` (closed-loop part: BENCH_REPEATS={repeats} "
        f"BENCH_CLIENTS={','.join(map(str, clients))} BENCH_CLOSED_DURATION={seconds}"
        f"{f' BENCH_SERVER_ENV={extra}' if extra else ''}). Machine: {os.cpu_count()} cores, "
        f"{platform.machine()}; load average before: {load_before}, after: {run.load_average()}.",
        "",
        "| page | clients | req/s | ratio to /healthz | p50 (ms) | p95 (ms) | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for _cls, _name, label in PAGES:
        for users in clients:
            runs = results[(label, users)]
            lines.append(
                f"| {label} | {users} | {_span([r['rps'] for r, _ in runs], '{:.0f}')} "
                f"| {_span([ratio for _, ratio in runs], '{:.2f}')} "
                f"| {_span([r['p50'] for r, _ in runs], '{:.0f}')} "
                f"| {_span([r['p95'] for r, _ in runs], '{:.0f}')} "
                f"| {sum(r['errors'] for r, _ in runs)} |"
            )
    if memory:
        rss = ", ".join(f"{r:.0f}" for _p, r, _s in memory)
        pss = ", ".join(f"{s:.0f}" for _p, _r, s in memory)
        lines += [
            "",
            f"Memory per worker after the run: RSS {rss} MiB; PSS {pss} MiB. "
            f"Workers started during the run (boots, recycling included): {boots}.",
        ]
    return "\n".join(lines)


def main():
    repeats = run._int("BENCH_REPEATS", 3)
    clients = [int(c) for c in os.environ.get("BENCH_CLIENTS", "1,10,50").split(",")]
    seconds = run._int("BENCH_CLOSED_DURATION", 5)
    warmup = run._int("BENCH_CLOSED_WARMUP", 3)
    database_url = os.environ.get("DATABASE_URL") or run.DEFAULT_DATABASE
    redis_url = os.environ.get("REDIS_URL") or run.DEFAULT_REDIS
    load_before = run.load_average()
    run._ensure_database(database_url)
    run._redis_version(redis_url, flush=redis_url == run.DEFAULT_REDIS)
    work = Path(tempfile.mkdtemp(prefix="msportal-closed-"))
    port = run._free_port()
    base = f"http://127.0.0.1:{port}"
    env, server_env = run._server_env(database_url, redis_url, port, work)
    # One proxy in front (the API clients send X-Forwarded-For), so the anonymous API rate
    # limit counts each simulated client apart.
    server_env.setdefault("DJANGO_TRUSTED_PROXY_COUNT", "1")
    results, memory, boots = measure(
        env, server_env, base, work,
        repeats=repeats, clients=clients, seconds=seconds, warmup=warmup,
    )  # fmt: skip
    text = section(
        results, memory, boots,
        repeats=repeats, clients=clients, seconds=seconds, load_before=load_before,
    )  # fmt: skip
    target = os.environ.get("BENCH_DOC", str(run.ROOT / "docs" / "benchmarks.md"))
    run.write_doc(text, target, START, END)
    errors = sum(r["errors"] for runs in results.values() for r, _ in runs)
    if errors:
        print(f"bench: {errors} requests failed; see {work}", file=sys.stderr)
        return 1
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
