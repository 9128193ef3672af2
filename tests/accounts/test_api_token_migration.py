"""Migration 0003 keeps existing API tokens working: they may read and write as before,
expire 90 days later, and end at the next password change like new tokens."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from accounts.api_tokens import api_token_authenticate, hash_secret
from accounts.models import ApiToken, TokenScope

BEFORE = [("accounts", "0002_api_token")]
SECRET = "A" * 43


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_tokens_keep_working_until_the_password_changes():
    old_apps = _migrate(BEFORE)
    user = old_apps.get_model("auth", "User").objects.create(
        username="old-user", password="pbkdf2_sha256$1$salt$hash"
    )
    old_apps.get_model("accounts", "ApiToken").objects.create(
        user=user, name="old script", prefix="0123456789ab", secret_hash=hash_secret(SECRET)
    )

    executor = MigrationExecutor(connection)
    _migrate(executor.loader.graph.leaf_nodes())

    token = ApiToken.objects.get(prefix="0123456789ab")
    assert token.scope == TokenScope.WRITE
    expected = timezone.now() + datetime.timedelta(days=90)
    assert abs(token.expires_at - expected) < datetime.timedelta(minutes=5)
    raw = f"msp_0123456789ab_{SECRET}"
    assert api_token_authenticate(raw) == token
    token.user.set_password("a-new-password-9")
    token.user.save()
    assert api_token_authenticate(raw) is None
