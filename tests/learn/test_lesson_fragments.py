"""The signed-in lesson page's shared parts come from the cache (publishing/fragments.py):
edits and publishes show on the very next request, and nobody's progress is shared."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from editorial.models import Feedback, GlossaryTerm
from editorial.templatetags import editorial_tags
from learn.models import ArticleUpdateNote
from publishing import fragments
from publishing.models import Status
from tests.factories import make_article, make_module, make_user

pytestmark = pytest.mark.django_db

DONE = "You marked this lesson as done."


def _learner():
    client = Client()
    client.force_login(make_user())
    return client


def _page(client, lesson):
    response = client.get(lesson.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_the_shared_parts_really_come_from_the_cache():
    """A change that sends no signal is not seen: the tests below mean something."""
    lesson = make_article(body="The first words.")
    learner = _learner()
    assert "The first words." in _page(learner, lesson)
    type(lesson).objects.filter(pk=lesson.pk).update(body_html="<p>Changed quietly.</p>")
    assert "The first words." in _page(learner, lesson)


def test_an_edit_shows_on_the_very_next_signed_in_request():
    lesson = make_article(body="The first words.")
    learner = _learner()
    assert "The first words." in _page(learner, lesson)
    lesson.body = "Better words."
    lesson.save()
    page = _page(learner, lesson)
    assert "Better words." in page
    assert "The first words." not in page


def test_a_new_note_and_glossary_term_show_at_once():
    lesson = make_article(body="Quokkalin protects nerves.")
    learner = _learner()
    assert "What changed in this lesson" not in _page(learner, lesson)
    ArticleUpdateNote.objects.create(article=lesson, text="Added a study from 2026.")
    GlossaryTerm.objects.create(
        term="Quokkalin", slug="quokkalin", short_definition="The coat around nerves.",
        status=Status.PUBLISHED, publish_at=timezone.now() - datetime.timedelta(days=1),
    )  # fmt: skip
    page = _page(learner, lesson)
    assert "Added a study from 2026." in page
    assert "The coat around nerves." in page


def test_a_lesson_published_now_shows_in_the_next_lesson_link(monkeypatch):
    module = make_module()
    lesson = make_article(module=module, position=1)
    publish_at = timezone.now() + datetime.timedelta(seconds=30)
    make_article(module=module, position=2, title="Coming soon", publish_at=publish_at)
    learner = _learner()
    assert "Coming soon" not in _page(learner, lesson)
    monkeypatch.setattr("django.utils.timezone.now", lambda: publish_at)
    page = _page(learner, lesson)
    assert "Coming soon" in page
    assert "Lesson 1 of 2" in page


def test_one_learner_never_sees_anothers_progress():
    module = make_module()
    lesson, other = make_article(module=module, position=1), make_article(module=module, position=2)
    first, second = _learner(), _learner()
    url = lesson.get_absolute_url()
    for done in (lesson, other):
        assert first.post(done.get_absolute_url() + "done/", {"done": "1"}).status_code == 302
    assert DONE in _page(first, lesson)
    page = _page(second, lesson)  # the shared parts come from the cache the first one filled
    assert DONE not in page
    assert "Mark as done" in page
    assert ">Done<" not in page and "Done</span>" not in page
    # And the other way round: the second learner's page did not change the first one's.
    assert DONE in _page(first, lesson)
    assert first.get(url).content != second.get(url).content


def test_an_editors_preview_is_never_stored():
    editor = make_user(is_staff=True, groups=["Editors"])
    lesson = make_article(status=Status.DRAFT, body="Draft words.")
    client = Client()
    client.force_login(editor)
    assert "Draft words." in _page(client, lesson)
    type(lesson).objects.filter(pk=lesson.pk).update(body_html="<p>Quietly redrafted.</p>")
    assert "Quietly redrafted." in _page(client, lesson)


# The page's frame (publishing.fragments.memoized_fragment) and the empty feedback box
# (editorial_tags.feedback_box) are kept per process: nothing personal in them, and each
# visitor's forms carry their own CSRF token.

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_the_frame_is_kept_per_process_without_tokens_and_the_box_without_its_token():
    lesson = make_article()
    _page(_learner(), lesson)
    _page(Client(), lesson)
    kept = {key[0] for key in fragments._MEMO}
    assert {"head-icons", "head-assets", "site-menu", "site-footer"} <= kept
    assert editorial_tags._BOXES
    for html in [*fragments._MEMO.values(), *editorial_tags._BOXES.values()]:
        assert not re.search(r"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])", html)
    for key, html in fragments._MEMO.items():
        assert set(CSRF_INPUT.findall(html)) <= {fragments.CSRF_SLOT}
        if key[0] == "account-menu":  # kept per what it shows: signed in, staff, group, count
            assert html.count('method="post"') == html.count('accounts/logout/"')
        else:
            assert "Log out" not in html
            assert html.count('method="post"') == html.count('class="display-form"')


def test_each_learner_posts_the_feedback_box_with_their_own_token():
    lesson = make_article()
    for _ in range(2):  # the second learner's box comes from the one the first filled
        client = Client(enforce_csrf_checks=True)
        client.force_login(make_user())
        page = _page(client, lesson)
        tokens = CSRF_INPUT.findall(page)
        assert len(tokens) >= 3  # log out, display settings, feedback (and languages)
        box = page[page.index('class="reader-feedback"') :]
        token = CSRF_INPUT.search(box).group(1)
        action = reverse("editorial:feedback", args=["lesson", lesson.pk])
        response = client.post(action, {"csrfmiddlewaretoken": token, "helpful": "yes"})
        assert response.status_code != 403
    assert Feedback.objects.filter(helpful=True).count() == 2


def test_the_frame_and_box_follow_who_asks_and_the_page_not_the_first_visitor(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # the visitor's page is made, not stored whole
    lesson = make_article()
    signed_in = _page(_learner(), lesson)
    assert "/groups/" in signed_in and "You may contact me about this" in signed_in
    visitor = _page(Client(), lesson)
    assert "/groups/" not in visitor and "You may contact me about this" not in visitor
    assert "You do not need an account." in visitor
    assert 'id="site-search"' in visitor
    # The search page has its own box: the lesson's menu (with the small box) is not reused.
    search = Client().get(reverse("learn:search"), {"q": "x"}).content.decode()
    assert 'id="site-search"' not in search


def test_the_display_panel_is_each_readers_with_their_page_and_token(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    lesson, other = make_article(), make_article()
    dark, plain = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    for client in (dark, plain):
        client.force_login(make_user())
    dark.cookies["msportal_display"] = "theme:dark"
    first = _page(dark, lesson)
    assert 'name="theme" value="dark" checked' in first
    assert f'name="next" value="{lesson.get_absolute_url()}"' in first
    page = _page(plain, other)  # the plain panel; then the dark one again, on another page
    assert 'name="theme" value="system" checked' in page
    assert 'name="theme" value="dark" checked' not in page
    query = dark.get(other.get_absolute_url(), {"a": '"><b>'}).content.decode()
    assert 'name="theme" value="dark" checked' in query
    assert "?a=%22%3E%3Cb%3E" in query or "&quot;&gt;&lt;b&gt;" in query
    assert '"><b>' not in query
    panel = query[query.index('class="display-bar"') :]
    token = CSRF_INPUT.search(panel).group(1)
    response = dark.post(
        reverse("display:settings"), {"text": "large", "next": "/", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert "display-panel" in {key[0] for key in fragments._MEMO}
