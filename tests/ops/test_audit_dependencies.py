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


def _project(latest, vulns=()):
    return {"info": {"version": latest}, "vulnerabilities": list(vulns)}


ADVISORY = {"id": "PYSEC-2026-1", "fixed_in": ["2.0.1"], "withdrawn": None}


def test_a_project_page_answers_only_for_its_latest_release():
    assert audit.latest_release_vulns(_project("2.0", [ADVISORY]), "2.0") == [
        {"id": "PYSEC-2026-1", "fix_versions": ["2.0.1"]}
    ]
    assert audit.latest_release_vulns(_project("2.1", [ADVISORY]), "2.0") is None
    assert audit.latest_release_vulns(None, "2.0") is None


def test_withdrawn_advisories_do_not_count():
    withdrawn = ADVISORY | {"withdrawn": "2026-02-01T00:00:00Z"}

    assert audit.latest_release_vulns(_project("2.0", [withdrawn]), "2.0") == []


def test_skipped_dependencies_are_audited_from_their_project_pages_where_they_can_be():
    report = {"dependencies": [_skipped("Django"), _skipped("nh3"), _skipped("old_pkg")]}
    pages = {
        "Django": _project("6.1.3", [ADVISORY]),
        "nh3": _project("0.3.2"),
        "old_pkg": _project("9.0"),  # newer than the pinned release: cannot tell
    }
    versions = {"django": "6.1.3", "nh3": "0.3.2", "old-pkg": "1.0"}

    filled = audit.fill_skipped(report, versions, pages.get)
    code, lines = audit.summarise(report)

    assert filled == 2
    assert code == 1
    assert "audit: Django 6.1.3: PYSEC-2026-1 (fixed in: 2.0.1)" in lines
    assert report["dependencies"][2]["skip_reason"].startswith("Dependency not found")
