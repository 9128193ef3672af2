"""The site's own marks: its icon on every page, and its name (not Django's) in the admin."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from core.roles import EDITORS
from tests.factories import make_user
from tests.learn.helpers import elements

pytestmark = pytest.mark.django_db

ICONS = {"img/favicon.ico", "img/favicon.svg", "img/apple-touch-icon.png"}


def test_every_page_links_its_icons_from_our_own_static_files(client):
    html = client.get("/").content.decode()

    links = [attrs for tag, attrs in elements(html) if tag == "link"]
    icons = {a["href"] for a in links if a.get("rel") in {"icon", "apple-touch-icon"}}
    assert icons == {settings.STATIC_URL + path for path in ICONS}
    for path in ICONS:
        found = finders.find(path)
        assert found and Path(found).stat().st_size > 0, path
    assert Path(finders.find("img/favicon.ico")).read_bytes()[:4] == b"\x00\x00\x01\x00"


def test_the_admin_is_named_for_msportal_editors_and_links_to_the_site(client):
    client.force_login(make_user(is_staff=True, groups=[EDITORS]))

    html = client.get("/admin/").content.decode()

    assert "Django administration" not in html and "Django site admin" not in html
    assert "<title>Lessons, quizzes and site content | msportal editors</title>" in html
    assert '<a href="/admin/">msportal editors</a>' in html
    assert '<a href="/">View site</a>' in html


def test_the_admin_login_page_carries_the_same_name(client):
    html = client.get("/admin/login/").content.decode()

    assert "msportal editors" in html and "Django administration" not in html
