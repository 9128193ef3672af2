"""CI: look up every installed dependency in PyPI's advisory data with pip-audit.

Fails when a dependency has a known vulnerability. When the advisory data cannot be reached
(no network, or a package index mirror without PyPI's per-release JSON API), pip-audit
"skips" every package; that is reported loudly as "no audit done", not as a pass or a failure.

Usage: .venv/bin/python scripts/audit_dependencies.py
"""

import json
import subprocess
import sys
import tempfile
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


def run_pip_audit():
    """pip-audit's JSON report on this environment's pinned packages, or None."""
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
    pins = [line for line in freeze.splitlines() if not line.lower().startswith("msportal")]
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
    report = run_pip_audit()
    if report is None:
        print("audit: NO AUDIT DONE: pip-audit did not produce a report (see above).")
        return 0
    code, lines = summarise(report)
    print("\n".join(lines))
    return code


if __name__ == "__main__":
    sys.exit(main())
