"""Only published content reaches the public; editors preview the rest, clearly marked."""

import datetime

import pytest
from django.utils import timezone

from publishing.models import Status
from tests.factories import make_article, make_faq, make_module, make_user
from tests.learn.helpers import make_editor

pytestmark = pytest.mark.django_db

NOW = timezone.now()
DAY = datetime.timedelta(days=1)
HIDDEN_STATES = {
    "draft": {"status": Status.DRAFT},
    "in review": {"status": Status.IN_REVIEW},
    "archived": {"status": Status.ARCHIVED},
    "scheduled": {"status": Status.PUBLISHED, "publish_at": NOW + DAY},
    "expired": {"status": Status.PUBLISHED, "publish_at": NOW - 2 * DAY, "expires_at": NOW - DAY},
}
PUBLIC_STATES = {
    "published": {"status": Status.PUBLISHED, "publish_at": NOW - DAY},
    "published, expiring later": {
        "status": Status.PUBLISHED,
        "publish_at": NOW - DAY,
        "expires_at": NOW + DAY,
    },
}


@pytest.mark.parametrize("state", PUBLIC_STATES.values(), ids=PUBLIC_STATES.keys())
def test_public_lesson_is_shown_to_visitors(client, state):
    article = make_article(**state)

    assert client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("state", HIDDEN_STATES.values(), ids=HIDDEN_STATES.keys())
def test_unpublished_lesson_is_404_for_visitors_and_learners(client, state):
    article = make_article(**state)

    assert client.get(article.get_absolute_url()).status_code == 404
    client.force_login(make_user())
    assert client.get(article.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("state", HIDDEN_STATES.values(), ids=HIDDEN_STATES.keys())
def test_published_lesson_of_an_unpublished_module_is_404(client, state):
    article = make_article(module=make_module(**state))

    assert client.get(article.get_absolute_url()).status_code == 404


def test_lesson_under_another_modules_address_is_404(client):
    article = make_article()
    other = make_module()

    assert client.get(f"/learn/{other.slug}/{article.slug}/").status_code == 404


@pytest.mark.parametrize("state", PUBLIC_STATES.values(), ids=PUBLIC_STATES.keys())
def test_public_module_is_shown_to_visitors(client, state):
    module = make_module(**state)

    assert client.get(module.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("state", HIDDEN_STATES.values(), ids=HIDDEN_STATES.keys())
def test_unpublished_module_is_404_and_missing_from_lists(client, state):
    module = make_module(title="Hidden module", **state)
    make_article(module=module)

    assert client.get(module.get_absolute_url()).status_code == 404
    for url in ["/", "/learn/"]:
        assert "Hidden module" not in client.get(url).content.decode()


@pytest.mark.parametrize("state", HIDDEN_STATES.values(), ids=HIDDEN_STATES.keys())
def test_module_page_lists_only_public_lessons(client, state):
    module = make_module()
    make_article(module=module, title="Visible lesson")
    make_article(module=module, title="Hidden lesson", **state)

    html = client.get(module.get_absolute_url()).content.decode()

    assert "Visible lesson" in html
    assert "Hidden lesson" not in html
    assert "0 of 1 lesson done" in html


@pytest.mark.parametrize("state", HIDDEN_STATES.values(), ids=HIDDEN_STATES.keys())
def test_faq_page_shows_only_published_faqs(client, state):
    make_faq(question="Shown question?")
    make_faq(question="Hidden question?", **state)

    html = client.get("/faq/").content.decode()

    assert "Shown question?" in html
    assert "Hidden question?" not in html


@pytest.mark.parametrize("state", HIDDEN_STATES.values(), ids=HIDDEN_STATES.keys())
def test_faq_related_lessons_are_only_public_ones(client, state):
    faq = make_faq()
    faq.related_articles.add(
        make_article(title="Public related lesson"),
        make_article(title="Hidden related lesson", **state),
        make_article(title="Lesson in hidden module", module=make_module(**state)),
    )

    html = client.get("/faq/").content.decode()

    assert "Public related lesson" in html
    assert "Hidden related lesson" not in html
    assert "Lesson in hidden module" not in html


@pytest.mark.parametrize("state", HIDDEN_STATES.values(), ids=HIDDEN_STATES.keys())
def test_editor_previews_unpublished_lesson_with_banner_and_no_cache(client, state):
    article = make_article(title="Draft lesson", **state)
    client.force_login(make_editor())

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="banner-preview"' in html
    assert "Preview: not published." in html
    assert "Draft lesson" in html
    assert "no-cache" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    # Marking as done is for published lessons only, so the preview offers no button.
    assert "Mark as done" not in html


def test_editor_preview_says_why_the_lesson_is_hidden(client):
    article = make_article(status=Status.PUBLISHED, module=make_module(status=Status.DRAFT))
    client.force_login(make_editor())

    html = client.get(article.get_absolute_url()).content.decode()

    assert f"Its module “{article.module.title}” is not published." in html


@pytest.mark.parametrize("state", HIDDEN_STATES.values(), ids=HIDDEN_STATES.keys())
def test_editor_previews_unpublished_module_with_all_its_lessons(client, state):
    module = make_module(**state)
    make_article(module=module, title="Draft lesson in module", status=Status.DRAFT)
    client.force_login(make_editor())

    response = client.get(module.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview: not published." in html
    assert "Draft lesson in module" in html
    assert "Not published" in html
    assert "no-cache" in response["Cache-Control"]


def test_editor_sees_published_pages_without_banner_or_no_cache(client):
    article = make_article()
    client.force_login(make_editor())

    for url in [article.get_absolute_url(), article.module.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 200
        assert "banner-preview" not in response.content.decode()
        # Personal (signed in), so private and no-store; but not the preview's no-cache.
        assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    "user_kwargs",
    [{"is_staff": True}, {"is_staff": False}],
    ids=["staff without permission", "learner"],
)
def test_non_editors_get_404_for_unpublished_lesson_and_module(client, user_kwargs):
    article = make_article(status=Status.DRAFT, module=make_module(status=Status.DRAFT))
    client.force_login(make_user(**user_kwargs))

    assert client.get(article.get_absolute_url()).status_code == 404
    assert client.get(article.module.get_absolute_url()).status_code == 404


def test_permission_without_staff_status_does_not_allow_preview(client):
    article = make_article(status=Status.DRAFT)
    editor_without_staff = make_editor()
    editor_without_staff.is_staff = False
    editor_without_staff.save()
    client.force_login(editor_without_staff)

    assert client.get(article.get_absolute_url()).status_code == 404
