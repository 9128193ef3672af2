"""In-process fixed cost of one request: GET /healthz through the WSGI application (issue 19).

    python scripts/bench/fixed_cost.py msportal|peer [--runs 3000]
    python scripts/bench/fixed_cost.py msportal --each-middleware [--runs 3000] [--repeats 3]

Loads msportal (msportal.wsgi) or the plain Django peer (scripts/bench/peer/peer_site.py) in
this process, DEBUG off, on the database in DATABASE_URL, and calls its WSGI application as
gunicorn does: request_started and request_finished included (connection reuse and health
checks, msportal's request log line), without the network or gunicorn's own work. Prints one
JSON line on stdout: the median and mean wall time and the mean CPU time per request in µs.
msportal's request log lines go to stderr as in production (closed_loop.py drops them).

--each-middleware: what each middleware adds to that cost. The handler is built again with
the whole MIDDLEWARE setting, with each middleware left out in turn, and with none, in turns
over the repeats; prints one JSON line per variant (median over the repeats of the mean CPU
time, and what leaving it out saves against the whole chain). Leaving out a middleware that
/healthz cannot answer without shows as "fails".
"""

import argparse
import io
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"


def application(site):
    os.environ.pop("DJANGO_DEBUG", None)
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", HOST)
    if site == "peer":
        sys.path.insert(0, str(ROOT / "scripts" / "bench" / "peer"))
        os.environ["DJANGO_SETTINGS_MODULE"] = "peer_site"
        from peer_site import application as app
    else:
        sys.path.insert(0, str(ROOT))
        os.environ["DJANGO_SETTINGS_MODULE"] = "msportal.settings"
        os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
        os.environ.setdefault("DJANGO_SECURE_COOKIES", "0")
        from msportal.wsgi import application as app
    return app


def one(app, path):
    """One GET through the WSGI interface; the status line."""
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": HOST,
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": HOST,
        "HTTP_HOST": HOST,
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    status = []
    result = app(environ, lambda line, headers, exc_info=None: status.append(line))
    try:
        for _chunk in result:
            pass
    finally:
        result.close()  # sends request_finished
    return status[0]


def measure(app, path, runs, warmup=50):
    """(per-request wall times in µs, mean CPU time of this process per request in µs),
    after a warm-up. CPU time leaves out waiting for the database and for other processes,
    so it varies less on a busy machine."""
    for _ in range(warmup):
        status = one(app, path)
        if not status.startswith("200"):
            raise SystemExit(f"fixed_cost: {path} answered {status}")
    times = []
    cpu_started = time.process_time()
    for _ in range(runs):
        started = time.perf_counter()
        one(app, path)
        times.append((time.perf_counter() - started) * 1e6)
    return times, (time.process_time() - cpu_started) / runs * 1e6


def each_middleware(runs, repeats, warmup=50):
    """[(variant, [CPU µs per repetition, or None when /healthz failed]), ...]."""
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler

    chain = list(settings.MIDDLEWARE)
    variants = [("all", chain)]
    variants += [(name, [m for m in chain if m != name]) for name in chain]
    variants.append(("none", []))
    results = {name: [] for name, _middleware in variants}
    try:
        for _ in range(repeats):
            for name, middleware in variants:
                settings.MIDDLEWARE = middleware
                try:
                    _times, cpu = measure(WSGIHandler(), "/healthz", runs, warmup)
                except SystemExit:
                    cpu = None
                results[name].append(cpu)
    finally:
        settings.MIDDLEWARE = chain
    return list(results.items())


def print_each_middleware(runs, repeats):
    results = each_middleware(runs, repeats)
    if None in results[0][1]:
        raise SystemExit("fixed_cost: /healthz does not answer with the whole MIDDLEWARE")
    whole = statistics.median(results[0][1])
    for name, cpus in results:
        line = {"left_out": name, "runs": runs, "repeats": repeats}
        if None in cpus:
            line["fails"] = True
        else:
            cpu = statistics.median(cpus)
            line |= {"cpu_us": round(cpu), "saves_us": round(whole - cpu)}
        print(json.dumps(line))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", choices=["msportal", "peer"])
    parser.add_argument("--runs", type=int, default=3000)
    parser.add_argument("--path", default="/healthz")
    parser.add_argument("--each-middleware", action="store_true")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    if args.each_middleware:
        if args.site != "msportal" or args.path != "/healthz":
            parser.error("--each-middleware measures msportal's /healthz")
        application(args.site)
        print_each_middleware(args.runs, args.repeats)
        return
    times, cpu = measure(application(args.site), args.path, args.runs)
    result = {
        "site": args.site,
        "path": args.path,
        "runs": args.runs,
        "median_us": round(statistics.median(times)),
        "mean_us": round(statistics.fmean(times)),
        "cpu_us": round(cpu),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
