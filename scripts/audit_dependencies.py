"""CI: look up every installed dependency in PyPI's advisory data with pip-audit.

Fails when a dependency has a known vulnerability. pip-audit asks PyPI's per-release JSON
API; where that cannot be reached (some package index mirrors serve only the per-project
JSON), each dependency pip-audit skips is looked up on its project page instead, whose
`vulnerabilities` describe the latest release: that answers for a dependency pinned at the
latest release, and for any other it stays "not audited". When nothing at all could be
looked up, that is reported loudly as "no audit done", not as a pass or a failure.

Usage: .venv/bin/python scripts/audit_dependencies.py
"""

import json
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path


def summarise(report):
    """(exit code, lines to print) for a pip-audit JSON report."""
    dependencies = report["dependencies"]
    vulnerable = [dep for dep in dependencies if dep.get("vulns")]
    skipped = [dep for dep in dependencies if "skip_reason" in dep]
    lines = []
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions", [])) or "no fixed release yet"
            lines.append(f"audit: {dep['name']} {dep['version']}: {vuln['id']} (fixed in: {fixed})")
    if vulnerable:
        lines.append(f"audit: FAIL: {len(vulnerable)} dependencies have known vulnerabilities.")
        return 1, lines
    if dependencies and len(skipped) == len(dependencies):
        lines.append(
            "audit: NO AUDIT DONE: PyPI's advisory data could not be reached for any of the "
            f"{len(dependencies)} dependencies ({skipped[0]['skip_reason']}). Run "
            "scripts/audit_dependencies.py where pypi.org's JSON API is reachable."
        )
        return 0, lines
    lines += [f"audit: not audited: {dep['skip_reason']}" for dep in skipped]
    lines.append(
        f"audit: no known vulnerabilities in {len(dependencies) - len(skipped)} dependencies."
    )
    return 0, lines


PROJECT_JSON = "https://pypi.org/pypi/{name}/json"


def _normalised(name):
    return name.lower().replace("_", "-").replace(".", "-")


def latest_release_vulns(project, version):
    """pip-audit-shaped vulnerabilities of `version` from PyPI's project JSON, or None.

    The project JSON describes the latest release only, so it answers only for that version.
    Withdrawn advisories do not count.
    """
    if project is None or project.get("info", {}).get("version") != version:
        return None
    return [
        {"id": vuln["id"], "fix_versions": vuln.get("fixed_in") or []}
        for vuln in project.get("vulnerabilities") or []
        if not vuln.get("withdrawn")
    ]


def fill_skipped(report, versions, fetch_project):
    """Audit the dependencies pip-audit skipped from their project pages, where possible.

    `versions` maps normalised names to installed versions; `fetch_project(name)` returns the
    project JSON or None. Returns how many skipped dependencies were audited this way.
    """
    filled = 0
    for dep in report["dependencies"]:
        if "skip_reason" not in dep:
            continue
        version = versions.get(_normalised(dep["name"]))
        vulns = latest_release_vulns(fetch_project(dep["name"]), version) if version else None
        if vulns is None:
            continue
        dep.pop("skip_reason")
        dep.update(version=version, vulns=vulns)
        filled += 1
    return filled


def fetch_project(name):
    """PyPI's project JSON for `name`, or None when it cannot be had."""
    try:
        with urllib.request.urlopen(PROJECT_JSON.format(name=name), timeout=15) as answer:  # noqa: S310
            return json.load(answer)
    except (OSError, ValueError):
        return None


def _pins():
    freeze = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "freeze",
            "--exclude-editable",
            "--disable-pip-version-check",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # The project itself is installed only to bring in its dependencies; it is not on PyPI.
    return [line for line in freeze.splitlines() if not line.lower().startswith("msportal")]


def run_pip_audit(pins):
    """pip-audit's JSON report on this environment's pinned packages, or None."""
    with tempfile.TemporaryDirectory() as folder:
        requirements = Path(folder) / "requirements.txt"
        requirements.write_text("\n".join(pins) + "\n")
        report_file = Path(folder) / "report.json"
        audit = subprocess.run(  # noqa: S603 - our own fixed arguments
            [
                str(Path(sys.executable).with_name("pip-audit")),
                "--requirement", str(requirements), "--no-deps", "--disable-pip",
                "--progress-spinner", "off", "--format", "json", "--output", str(report_file),
            ],
            capture_output=True,
            text=True,
        )  # fmt: skip
        if not report_file.exists():
            print(audit.stdout + audit.stderr)
            return None
        return json.loads(report_file.read_text())


def main():
    pins = _pins()
    report = run_pip_audit(pins)
    if report is None:
        print("audit: NO AUDIT DONE: pip-audit did not produce a report (see above).")
        return 0
    versions = {
        _normalised(name): version
        for name, _sep, version in (pin.partition("==") for pin in pins)
        if version
    }
    filled = fill_skipped(report, versions, fetch_project)
    if filled:
        print(f"audit: {filled} dependencies checked on their PyPI project pages (latest release).")
    code, lines = summarise(report)
    print("\n".join(lines))
    return code


if __name__ == "__main__":
    sys.exit(main())
