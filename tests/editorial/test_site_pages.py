"""Site pages: the four seeded pages, their addresses, drafts and previews, the footer."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from editorial.models import SitePage
from publishing.models import Status
from tests.editorial.helpers import make_page, make_page_editor
from tests.factories import make_user
from tests.learn.helpers import elements, executable_parts

pytestmark = pytest.mark.django_db

SEEDED = {
    "/about/": "About msportal",
    "/editorial-policy/": "How we write, check and pay for our content",
    "/privacy/": "Privacy: what we store and why",
    "/contact/": "Contact us",
}


@pytest.mark.parametrize(("url", "title"), SEEDED.items())
def test_seeded_pages_are_published_at_their_short_addresses(client, url, title):
    response = client.get(url)

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<h1 id="page-title">{title}</h1>' in html
    assert "Last updated" in html
    assert executable_parts(html, allowed_tags={"script", "form"}) == []


def test_privacy_page_says_what_is_stored_for_how_long_and_how_to_delete_it(client):
    html = client.get("/privacy/").content.decode()

    for words in (
        "sessionid",
        "msportal_display",
        "quiz attempts",
        "lessons you marked as done",
        "internet (IP) address",
        "up to 30 days",
        "one year after",
        "Download my data",
        "Delete my account",
        'href="/accounts/me/"',
        "No advertising, no tracking and no analytics",
        "deleted after 15 minutes",
        "API token",
    ):
        assert words in html, words


def test_editorial_policy_covers_writing_review_conflicts_and_funding(client):
    html = client.get("/editorial-policy/").content.decode()

    for words in ("medical reviewer", "Conflicts of interest", "advertising", "evidence"):
        assert words in html, words


def test_the_footer_links_every_site_page_and_the_glossary(client):
    html = client.get("/").content.decode()

    footer = html[html.index('<footer class="site-footer">') :]
    for url in [*SEEDED, "/glossary/"]:
        assert f'href="{url}"' in footer


def test_other_pages_live_under_pages_and_the_named_ones_redirect_there_from(client):
    page = make_page(
        slug="accessibility", title="Accessibility", body="We test with **keyboards**."
    )

    response = client.get("/pages/accessibility/")

    assert response.status_code == 200
    assert "<strong>keyboards</strong>" in response.content.decode()
    assert page.get_absolute_url() == "/pages/accessibility/"
    redirect = client.get("/pages/about/")
    assert redirect.status_code == 301
    assert redirect["Location"] == "/about/"


def test_a_page_body_is_sanitised(client):
    make_page(
        slug="bad",
        body="<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n"
        "<img src=x onerror=alert(1)>",
    )

    html = client.get("/pages/bad/").content.decode()

    assert executable_parts(html, allowed_tags={"script", "form"}) == []
    scripts = [attrs for tag, attrs in elements(html) if tag == "script"]
    assert all(attrs.get("src", "").startswith("/static/js/") for attrs in scripts)


@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW, Status.ARCHIVED])
def test_an_unpublished_page_is_404_for_the_public(client, status):
    SitePage.objects.filter(slug="privacy").update(status=status)
    make_page(slug="draft", status=status)

    assert client.get("/privacy/").status_code == 404
    assert client.get("/pages/draft/").status_code == 404


def test_editors_preview_an_unpublished_page_with_a_banner_and_no_cache(client):
    make_page(slug="draft", title="Work in progress", status=Status.DRAFT)
    client.force_login(make_page_editor())

    response = client.get("/pages/draft/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Preview: not published." in html
    assert "no-store" in response["Cache-Control"]
    assert "reader-feedback__form" not in html  # nobody can send feedback about a draft


def test_staff_without_the_permission_get_404_for_a_draft(client):
    make_page(slug="draft", status=Status.DRAFT)
    client.force_login(make_user(is_staff=True))

    assert client.get("/pages/draft/").status_code == 404


def test_seeding_again_keeps_edited_pages_and_only_adds_missing_ones():
    migration = importlib.import_module("editorial.migrations.0002_seed_site_pages")

    SitePage.objects.filter(slug="about").update(title="About us (edited)", body="Edited.")
    SitePage.objects.filter(slug="contact").delete()
    before = SitePage.objects.count()

    migration.create_pages(apps, SimpleNamespace(connection=connection))

    assert SitePage.objects.get(slug="about").title == "About us (edited)"
    assert SitePage.objects.get(slug="about").body == "Edited."
    assert SitePage.objects.count() == before + 1  # only the missing page came back


def test_seeded_pages_have_rendered_bodies_with_working_relative_links():
    about = SitePage.objects.get(slug="about")

    assert '<a href="/editorial-policy/" rel="noopener noreferrer">editorial policy</a>' in (
        about.body_html
    )
    assert about.summary
