"""The site header (templates/includes/_header.html): on a narrow screen everything but the site
name sits in one native disclosure, "Menu", which must hold every link of the header, on a page
made in full and on a lesson page kept whole with its account menu as a hole."""

import re

import pytest
from django.test import Client

from groups.models import Membership
from tests.accounts.helpers import make_group
from tests.factories import make_article, make_user
from tests.review.helpers import take_quiz

pytestmark = pytest.mark.django_db

MENU = re.compile(
    r'<details class="site-menu">\s*<summary class="site-menu__toggle">([^<]+)</summary>'
    r"(.*?)</details>",
    re.S,
)


def _header(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.content.decode()
    return page[page.index('<header class="site-header">') : page.index("</header>")]


def _menu(header):
    """The disclosure's summary and what it holds; exactly one in the header."""
    menus = MENU.findall(header)
    assert len(menus) == 1
    return menus[0]


def _learner_in_a_group_with_a_review_due():
    client = Client()
    user = make_user()
    client.force_login(user)
    Membership.objects.create(group=make_group(educator=make_user()), user=user)
    take_quiz(user=user, answers=("wrong",))
    return client


@pytest.mark.parametrize("kind", ["module list", "kept lesson"])
def test_the_menu_holds_every_link_of_a_signed_in_learners_header(kind):
    client = _learner_in_a_group_with_a_review_due()
    url = "/learn/" if kind == "module list" else make_article().get_absolute_url()
    for _ in range(2):  # made once, then from the kept frame, menu and page
        header = _header(client, url)
        summary, menu = _menu(header)
        assert summary == "Menu"
        # The site name stays outside, so it shows beside the closed menu.
        assert 'class="site-name"' in header and 'class="site-name"' not in menu
        for href in (
            "/learn/",
            "/quizzes/",
            "/faq/",
            "/references/",
            "/groups/",
            "/review/",
            "/accounts/me/",
        ):
            assert f'href="{href}"' in menu, href
        assert 'action="/search/"' in menu and 'id="site-search"' in menu
        assert "Review (1)" in menu and "My progress" in menu and "My assignments" in menu
        assert 'action="/accounts/logout/"' in menu
        assert 'action="/i18n/setlang/"' in menu and 'value="es"' in menu


def test_a_visitors_menu_holds_log_in_and_sign_up():
    header = _header(Client(), "/learn/")
    _summary, menu = _menu(header)
    assert 'href="/accounts/login/?next=/learn/"' in menu
    assert 'href="/accounts/signup/"' in menu
    assert "Log out" not in header


def test_the_menus_summary_is_translated():
    client = Client()
    client.force_login(make_user())
    summary, menu = _menu(_header(client, "/es/learn/"))
    assert summary == "Menú"
    assert 'href="/es/learn/"' in menu
