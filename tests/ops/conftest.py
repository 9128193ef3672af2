import secrets
import subprocess
import sys

import pytest

from tests.ops.app_server import ROOT, SERVER, admin_sql, base_env, server_reachable
from tests.services import service_missing


@pytest.fixture(scope="session")
def migrated_template():
    """A database on the machine's PostgreSQL server, migrated once per run, to copy from."""
    if not server_reachable():
        service_missing("no PostgreSQL server reachable on 127.0.0.1:5432")
    name = f"msportal_ops_template_{secrets.token_hex(4)}"
    admin_sql(f"CREATE DATABASE {name}")
    try:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=ROOT, env=base_env(f"{SERVER}/{name}"), check=True, timeout=300,
        )  # fmt: skip
        yield name
    finally:
        admin_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
