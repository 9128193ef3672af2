"""In-process fixed cost of one request: GET /healthz through the WSGI application (issue 19).

    python scripts/bench/fixed_cost.py msportal|peer [--runs 3000]

Loads msportal (msportal.wsgi) or the plain Django peer (scripts/bench/peer/peer_site.py) in
this process, DEBUG off, on the database in DATABASE_URL, and calls its WSGI application as
gunicorn does: request_started and request_finished included (connection reuse and health
checks, msportal's request log line), without the network or gunicorn's own work. Prints one
JSON line on stdout: the median and mean wall time and the mean CPU time per request in µs.
msportal's request log lines go to stderr as in production (closed_loop.py drops them).
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


def measure(app, path, runs):
    """(per-request wall times in µs, mean CPU time of this process per request in µs),
    after a warm-up. CPU time leaves out waiting for the database and for other processes,
    so it varies less on a busy machine."""
    for _ in range(50):
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", choices=["msportal", "peer"])
    parser.add_argument("--runs", type=int, default=3000)
    parser.add_argument("--path", default="/healthz")
    args = parser.parse_args()
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
