"""How CI reads pip-audit's report (scripts/audit_dependencies.py)."""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit_dependencies.py"
spec = importlib.util.spec_from_file_location("audit_dependencies", SCRIPT)
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)


def _dep(name, vulns=()):
    return {"name": name, "version": "1.0", "vulns": list(vulns)}


def _skipped(name):
    return {"name": name, "skip_reason": f"Dependency not found on PyPI: {name} (1.0)"}


def test_a_known_vulnerability_fails_and_names_the_fix():
    vuln = {"id": "GHSA-xxxx", "fix_versions": ["1.0.1"]}

    code, lines = audit.summarise({"dependencies": [_dep("django", [vuln]), _dep("nh3")]})

    assert code == 1
    assert "audit: django 1.0: GHSA-xxxx (fixed in: 1.0.1)" in lines
    assert lines[-1].startswith("audit: FAIL")


def test_no_reachable_advisory_data_is_reported_as_no_audit_not_as_a_pass():
    code, lines = audit.summarise({"dependencies": [_skipped("django"), _skipped("nh3")]})

    assert code == 0
    assert lines[-1].startswith("audit: NO AUDIT DONE")
    assert "no known vulnerabilities" not in "\n".join(lines)


def test_clean_dependencies_pass_and_skips_are_listed():
    code, lines = audit.summarise({"dependencies": [_dep("django"), _skipped("local-only")]})

    assert code == 0
    assert "audit: not audited: Dependency not found on PyPI: local-only (1.0)" in lines
    assert lines[-1] == "audit: no known vulnerabilities in 1 dependencies."
