import pytest

from core.roles import EDITORS
from tests.factories import make_user


@pytest.fixture
def editor():
    return make_user(is_staff=True, groups=[EDITORS], first_name="Edith", last_name="Editor")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
