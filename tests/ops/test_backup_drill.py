"""scripts/backup.sh and scripts/restore_drill.sh against the machine's PostgreSQL server."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from tests.services import service_missing

pytestmark = pytest.mark.pg_server

ROOT = Path(__file__).resolve().parents[2]
SERVER = "postgres://postgres@127.0.0.1:5432"
TEMPLATE = "msportal_ops_drill_template"
SOURCE = "msportal_ops_drill_src"


def _admin(sql):
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True, connect_timeout=3) as conn:
        cursor = conn.execute(sql)
        return cursor.fetchall() if cursor.description else None


def _env(database, **extra):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    return env | {"DATABASE_URL": f"{SERVER}/{database}", "VENV": str(Path(sys.prefix))} | extra


def _add_content(database):
    code = (
        "import django; django.setup()\n"
        "from tests.factories import make_article, make_quiz, make_user\n"
        "make_user(); make_user(); make_article(); make_quiz(questions=2)\n"
    )
    subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_env(database, DJANGO_SETTINGS_MODULE="msportal.settings"),
        check=True,
    )


def _script(name, backup_dir):
    return subprocess.run(
        [str(ROOT / "scripts" / name)],
        cwd=ROOT,
        env=_env(SOURCE, BACKUP_DIR=str(backup_dir)),
        capture_output=True,
        text=True,
        timeout=180,
    )


def _scratch_databases():
    return _admin("SELECT datname FROM pg_database WHERE datname LIKE 'msportal_restore_drill%'")


@pytest.fixture(scope="module")
def migrated_template():
    try:
        _admin("SELECT 1")
    except psycopg.OperationalError as error:
        service_missing(f"no PostgreSQL server reachable on 127.0.0.1:5432 ({error})")
    _admin(f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)")
    _admin(f"CREATE DATABASE {TEMPLATE}")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=_env(TEMPLATE, DJANGO_DEBUG="1"),
        check=True,
    )
    yield TEMPLATE
    _admin(f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)")


@pytest.fixture
def source(migrated_template):
    """msportal_ops_drill_src: migrated, no content yet (a copy of the template)."""
    _admin(f"DROP DATABASE IF EXISTS {SOURCE} WITH (FORCE)")
    _admin(f"CREATE DATABASE {SOURCE} TEMPLATE {migrated_template}")
    yield SOURCE
    _admin(f"DROP DATABASE IF EXISTS {SOURCE} WITH (FORCE)")


def test_a_fresh_backup_restores_and_the_drill_passes(source, tmp_path):
    _add_content(source)

    backup = _script("backup.sh", tmp_path)
    drill = _script("restore_drill.sh", tmp_path)

    assert backup.returncode == 0, backup.stderr
    dump = Path(backup.stdout.strip())
    assert dump.parent == tmp_path and dump.name.startswith("msportal-")
    assert stat.S_IMODE(dump.stat().st_mode) == 0o600
    assert drill.returncode == 0, drill.stdout + drill.stderr
    assert "restore-drill: PASS" in drill.stdout
    # Two users, and the medical reviewer whose approval the factories record.
    for label, count in [("auth.User", 3), ("learn.Article", 1), ("quizzes.Quiz", 1)]:
        line = next(line for line in drill.stdout.splitlines() if f" {label} " in line)
        assert line.split()[1:5] == ["backup", str(count), "source", str(count)]
    assert "differs" not in drill.stdout
    assert _scratch_databases() == []


def test_a_damaged_backup_fails_the_drill(source, tmp_path):
    assert _script("backup.sh", tmp_path).returncode == 0
    dump = next(tmp_path.glob("msportal-*.dump"))
    dump.write_bytes(dump.read_bytes()[:2000])

    drill = _script("restore_drill.sh", tmp_path)

    assert drill.returncode != 0
    assert "restore-drill: FAIL" in drill.stdout
    assert _scratch_databases() == []


def test_a_backup_missing_content_the_source_has_fails_the_drill(source, tmp_path):
    assert _script("backup.sh", tmp_path).returncode == 0
    _add_content(source)

    drill = _script("restore_drill.sh", tmp_path)

    assert drill.returncode != 0
    assert "MISSING" in drill.stdout
    assert "restore-drill: FAIL" in drill.stdout
    assert _scratch_databases() == []


def test_the_drill_without_any_backup_says_so(source, tmp_path):
    drill = _script("restore_drill.sh", tmp_path)

    assert drill.returncode != 0
    assert "no backup" in drill.stderr
