"""The closed-loop bench's error report (scripts/bench/closed_loop.py): failures by status."""

import sys
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "scripts" / "bench"
sys.path.insert(0, str(BENCH))

import closed_loop  # noqa: E402


def _failures(tmp_path, rows):
    path = tmp_path / "run_failures.csv"
    lines = ["Method,Name,Error,Occurrences"]
    lines += [f'GET,page,"{error}",{count}' for error, count in rows]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_failures_are_counted_by_http_status(tmp_path):
    path = _failures(
        tmp_path,
        [
            ("HTTPError('429 Client Error: Too Many Requests for url: /api/v1/articles/')", 7),
            ("BadStatusCode('http://127.0.0.1:8000/api/v1/articles/', code=429)", 3),
            ("BadStatusCode('http://127.0.0.1:8000/search/', code=500)", 1),
            ("not a signed-in page (302)", 2),
            ("ConnectionRefusedError(111, 'Connection refused')", 1),
        ],
    )

    assert closed_loop._by_status(path) == Counter({"429": 10, "500": 1, "302": 2, "other": 1})


def test_a_run_without_failures_has_no_file_and_no_counts(tmp_path):
    assert closed_loop._by_status(tmp_path / "missing_failures.csv") == Counter()


def test_the_errors_column_names_the_statuses_of_all_repetitions():
    runs = [
        ({"errors": 10, "by_status": Counter({"429": 10})}, 1.0),
        ({"errors": 3, "by_status": Counter({"500": 1, "429": 2})}, 1.0),
    ]
    clean = [({"errors": 0, "by_status": Counter()}, 1.0)]

    assert closed_loop._errors(runs) == "13 (429: 12, 500: 1)"
    assert closed_loop._errors(clean) == "0"
