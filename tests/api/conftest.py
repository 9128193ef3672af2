import pytest
from django.core.cache import cache

from accounts.api_tokens import api_token_create
from accounts.models import TokenScope
from tests.factories import make_user


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    # Request counts for throttling live in the cache; each test starts from zero.
    cache.clear()
    yield
    cache.clear()


def bearer(user, name="tests", scope=TokenScope.WRITE):
    """Headers that authenticate as `user` with a new personal API token (read and write
    unless `scope` says otherwise)."""
    _token, raw = api_token_create(user=user, name=name, scope=scope)
    return {"Authorization": f"Bearer {raw}"}


def walk(value):
    """Every (key, value) pair anywhere in a JSON document."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key, item
            yield from walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item)


# The six people every permission test goes through (as tests/groups does for the pages).


@pytest.fixture
def learner():
    return make_user(username="sam", first_name="Sam", last_name="Lee")


@pytest.fixture
def other_learner():
    return make_user(username="alex")


@pytest.fixture
def educator():
    return make_user(username="nurse", first_name="Nadia", last_name="Okafor", groups=["Educators"])


@pytest.fixture
def other_educator():
    return make_user(username="other-nurse", groups=["Educators"])


@pytest.fixture
def editor():
    return make_user(username="editor", is_staff=True, groups=["Editors"])
