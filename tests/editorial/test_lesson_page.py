"""What editorial governance adds to the lesson page: people's statements, "what changed"."""

import datetime
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string

from tests.factories import make_article, make_contributor
from tests.learn.helpers import make_editor

pytestmark = pytest.mark.django_db


def _people():
    author = make_contributor(
        name="Ada Writer",
        conflicts_of_interest="Paid by a patient charity for writing.",
        conflicts_declared_on=datetime.date(2026, 3, 1),
    )
    reviewer = make_contributor(
        name="Ben Reviewer",
        conflicts_of_interest="None declared.",
        conflicts_declared_on=datetime.date(2026, 2, 14),
    )
    return author, reviewer


@pytest.mark.parametrize("preview", [False, True], ids=["public", "editor-preview"])
def test_author_and_reviewer_statements_with_dates_are_on_the_lesson(client, preview):
    author, reviewer = _people()
    article = make_article(author=author, medical_reviewer=reviewer)
    if preview:
        article.status = "draft"
        article.save()
        client.force_login(make_editor())

    html = client.get(article.get_absolute_url()).content.decode()

    people = html[html.index('id="people-heading"') :]
    assert "Paid by a patient charity for writing." in people
    assert "None declared." in people
    assert '<time datetime="2026-03-01">' in people and '<time datetime="2026-02-14">' in people


def test_a_person_without_a_statement_is_shown_as_such(client):
    article = make_article(author=make_contributor(conflicts_of_interest=""))

    html = client.get(article.get_absolute_url()).content.decode()

    assert "No statement on file yet." in html


def test_what_changed_renders_nothing_when_the_lesson_has_no_notes_field():
    article = SimpleNamespace(title="No notes attribute")

    assert render_to_string("learn/_what_changed.html", {"article": article}).strip() == ""


def test_what_changed_renders_nothing_for_empty_notes():
    article = SimpleNamespace(update_notes="")

    assert render_to_string("learn/_what_changed.html", {"article": article}).strip() == ""


def test_what_changed_shows_the_notes_as_escaped_text():
    article = SimpleNamespace(update_notes="Added the 2022 trial.\n\n<b>New</b> dose advice.")

    html = render_to_string("learn/_what_changed.html", {"article": article})

    assert "What changed in this lesson" in html
    assert "<p>Added the 2022 trial.</p>" in html
    assert "&lt;b&gt;New&lt;/b&gt; dose advice." in html
