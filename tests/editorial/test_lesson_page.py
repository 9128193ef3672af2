"""What editorial governance adds to the lesson page: people's statements, "what changed"."""

import datetime

import pytest

from learn.models import ArticleUpdateNote
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
    article = make_article(author=author, medical_reviewer=reviewer, approved=False)
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


def test_a_lesson_without_update_notes_shows_no_what_changed_section(client):
    article = make_article()

    html = client.get(article.get_absolute_url()).content.decode()

    assert "What changed in this lesson" not in html


def test_what_changed_notes_show_on_the_lesson_newest_first_as_escaped_text(client):
    article = make_article()
    ArticleUpdateNote.objects.create(
        article=article, noted_on=datetime.date(2026, 1, 5), text="Added the 2022 trial."
    )
    ArticleUpdateNote.objects.create(
        article=article,
        noted_on=datetime.date(2026, 6, 1),
        text="<b>New</b> dose advice.\nAsk your MS team first.",
    )

    html = client.get(article.get_absolute_url()).content.decode()

    section = html[html.index('id="what-changed-heading"') :]
    section = section[: section.index("</section>")]
    assert section.index("2026-06-01") < section.index("2026-01-05")
    assert "&lt;b&gt;New&lt;/b&gt; dose advice.<br>Ask your MS team first." in section
    assert "<b>New</b>" not in html
    assert "Added the 2022 trial." in section
