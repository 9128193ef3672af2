"""The signed-in lesson page's shared parts come from the cache (publishing/fragments.py):
edits and publishes show on the very next request, and nobody's progress is shared."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from editorial.models import GlossaryTerm
from learn.models import ArticleUpdateNote
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
