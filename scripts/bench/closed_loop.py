"""`make bench` (second part): each page alone, closed loop, as a ratio to /healthz.

Starts gunicorn like scripts/bench/run.py (same database, Redis and settings), then for each
repetition (BENCH_REPEATS, 3), each number of clients (BENCH_CLIENTS, "1,10,50") and each
page asks for that page only, without pauses, for BENCH_CLOSED_DURATION seconds (5). The
pages take turns, so load from elsewhere on the machine spreads over all of them. Absolute
figures on a shared machine are noisy; each page's requests per second divided by /healthz's
from the same repetition and client count is the figure to compare. Also reports the app
server's memory per worker after the run (RSS and PSS) and how many workers it started.
Failed requests are counted per page and by HTTP status (a 429 means a rate limit counted
the simulated clients as one).

The peer (issue 19: msportal's bare /healthz against the same view in a plain Django
project): scripts/bench/peer/peer_site.py runs beside msportal under the same gunicorn.conf.py,
on the same PostgreSQL, and its /healthz takes its turn with the pages; its row's ratio is to
msportal's /healthz. Before the load, scripts/bench/fixed_cost.py times one /healthz request
of each in-process (the fixed cost of a request without the network; BENCH_FIXED_RUNS, 3000,
per repetition).

Writes its section between the bench:closed markers of docs/benchmarks.md (BENCH_DOC; "-"
prints it).
"""

import csv
import datetime
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import run

PEER = "/healthz, plain Django peer"
# (Locust user class, the name its requests carry, label in the table)
ALL_PAGES = [
    ("HealthzUser", "healthz", "/healthz"),
    ("HealthzUser", "peer healthz", PEER),
    ("LessonUser", "lesson", "lesson, visitor without a session (page cache)"),
    ("SignedInLessonUser", "lesson, signed in", "lesson, signed-in learner"),
    ("QuizStepUser", "quiz step, signed in", "quiz step, signed-in learner"),
    ("SignedInSearchUser", "search, signed in", "search, signed-in learner"),
    ("ApiListUser", "API list, anonymous", "`/api/v1/articles/`, anonymous"),
]
# BENCH_PAGES="API list, anonymous;lesson": only these request names (";" between); /healthz
# and the peer's are always measured.
_chosen = [name.strip() for name in os.environ.get("BENCH_PAGES", "").split(";") if name.strip()]
PAGES = [
    page
    for page in ALL_PAGES
    if not _chosen or page[1] in _chosen or page[1] in ("healthz", "peer healthz")
]
# How a failure names its HTTP status: FastHttpUser's BadStatusCode(…, code=429), requests'
# "429 Client Error", and the locustfile's own "not a signed-in page (302)".
STATUS = re.compile(r"code=([1-5]\d\d)\b|\b([1-5]\d\d) (?:Client|Server) Error|\(([1-5]\d\d)\)")
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


def _by_status(path):
    """Failed requests of one Locust run by HTTP status ("other": no status, e.g. refused)."""
    counts = Counter()
    if path.exists():
        with open(path, newline="") as failures:
            for row in csv.DictReader(failures):
                found = STATUS.search(row.get("Error", ""))
                status = next(filter(None, found.groups())) if found else "other"
                counts[status] += int(row.get("Occurrences") or 0)
    return counts


def _one(env, base, work, cls, users, seconds, label):
    rows, _load = run._locust(env, base, work, label, users, seconds, [cls])
    row = run._aggregate(rows)
    return {
        "rps": run._num(row, "Requests/s"),
        "p50": run._num(row, "50%"),
        "p95": run._num(row, "95%"),
        "errors": int(run._num(row, "Failure Count")),
        "by_status": _by_status(work / f"{label}_failures.csv"),
    }


def _slug(name):
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _gunicorn(app, env, log_path, *extra):
    with open(log_path, "w") as log:
        return subprocess.Popen(
            [str(run.BIN / "gunicorn"), "--config", "gunicorn.conf.py", *extra, app],
            cwd=run.ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip


def fixed_costs(env, repeats, runs):
    """{site: [result of scripts/bench/fixed_cost.py, ...]}, msportal and the peer in turns."""
    results = {"msportal": [], "peer": []}
    for _ in range(repeats):
        for site, found in results.items():
            done = subprocess.run(
                [sys.executable, "scripts/bench/fixed_cost.py", site, "--runs", str(runs)],
                cwd=run.ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                text=True, check=True,
            )  # fmt: skip
            found.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return results


def measure(env, server_env, bases, work, *, repeats, clients, seconds, warmup):
    """bases: {"msportal": its URL, "peer": the peer's}."""
    server = peer = None
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
        fixed = fixed_costs(env, repeats, run._int("BENCH_FIXED_RUNS", 3000))
        server = _gunicorn("msportal.wsgi", server_env, work / "server.log")
        peer_env = server_env | {
            "PORT": bases["peer"].rsplit(":", 1)[1],
            "DJANGO_SETTINGS_MODULE": "peer_site",
        }
        peer = _gunicorn(
            "peer_site", peer_env, work / "peer.log", "--pythonpath", "scripts/bench/peer"
        )
        run._wait_for(bases["msportal"], server)
        run._wait_for(bases["peer"], peer)

        def base(label):
            return bases["peer"] if label == PEER else bases["msportal"]

        for cls, name, label in PAGES:  # warm-up: every page, every worker
            _one(env, base(label), work, cls, max(clients), warmup, f"warmup-{_slug(name)}")
        for repeat in range(repeats):
            for users in clients:
                block = {}
                for cls, name, label in PAGES:
                    block[label] = _one(
                        env, base(label), work, cls, users, seconds,
                        f"r{repeat}-{users}-{_slug(name)}",
                    )  # fmt: skip
                ceiling = max(block["/healthz"]["rps"], 1e-9)
                for label, result in block.items():
                    results.setdefault((label, users), []).append((result, result["rps"] / ceiling))
        time.sleep(1)
        memory = _workers(server)
    finally:
        run._stop(server)
        run._stop(peer)
        (work / "targets.json").unlink(missing_ok=True)
    boots = (work / "server.log").read_text(errors="replace").count("Booting worker")
    return results, memory, boots, fixed


def _span(values, fmt):
    low, high = min(values), max(values)
    return (
        fmt.format(low)
        if fmt.format(low) == fmt.format(high)
        else f"{fmt.format(low)}–{fmt.format(high)}"
    )


def _errors(runs):
    """ "0", or "12 (429: 10, 500: 2)": failed requests and their HTTP statuses."""
    total = sum(r["errors"] for r, _ in runs)
    statuses = sum((r["by_status"] for r, _ in runs), Counter())
    if not total:
        return "0"
    return f"{total} ({', '.join(f'{code}: {n}' for code, n in sorted(statuses.items()))})"


def _fixed_lines(fixed):
    lines = [
        "",
        "In-process fixed cost of one `/healthz` request (scripts/bench/fixed_cost.py: the WSGI "
        "application called as gunicorn calls it, no network; runs per repetition: "
        f"{fixed['msportal'][0]['runs']}):",
        "",
        "| site | median wall time (µs) | mean CPU time (µs) |",
        "| --- | ---: | ---: |",
    ]
    for site, label in (("msportal", "msportal"), ("peer", "plain Django peer")):
        found = fixed[site]
        lines.append(
            f"| {label} | {_span([f['median_us'] for f in found], '{:.0f}')} "
            f"| {_span([f['cpu_us'] for f in found], '{:.0f}')} |"
        )
    return lines


def section(results, memory, boots, fixed, *, repeats, clients, seconds, load_before):
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
                f"| {_errors(runs)} |"
            )
    lines += [
        "",
        "The peer's ratio is to msportal's `/healthz`: under 1.00, msportal answers faster.",
    ]
    if fixed:
        lines += _fixed_lines(fixed)
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
    bases = {
        "msportal": f"http://127.0.0.1:{port}",
        "peer": f"http://127.0.0.1:{run._free_port()}",
    }
    env, server_env = run._server_env(database_url, redis_url, port, work)
    # One proxy in front (the API clients send X-Forwarded-For), so the anonymous API rate
    # limit counts each simulated client apart.
    server_env.setdefault("DJANGO_TRUSTED_PROXY_COUNT", "1")
    results, memory, boots, fixed = measure(
        env, server_env, bases, work,
        repeats=repeats, clients=clients, seconds=seconds, warmup=warmup,
    )  # fmt: skip
    text = section(
        results, memory, boots, fixed,
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
