"""The contributor autocomplete (used by the lesson form) pages an ordered list."""

import pytest

from tests.factories import make_article, make_contributor, make_user

pytestmark = pytest.mark.django_db


def test_contributor_autocomplete_answers_in_name_order(client):
    make_contributor(name="Zoe Banks")
    make_contributor(name="Ann Cole")
    make_article()  # its author and reviewer give the counts something to count
    client.force_login(make_user(is_staff=True, is_superuser=True))

    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "learn", "model_name": "article", "field_name": "author", "term": ""},
    )

    assert response.status_code == 200
    names = [item["text"] for item in response.json()["results"]]
    assert names == sorted(names)
    assert any(name.startswith("Ann Cole") for name in names)
