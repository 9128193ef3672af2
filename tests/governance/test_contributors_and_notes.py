import datetime

import pytest
from django.urls import reverse

from core.roles import EDITORS, expected_codenames
from learn.models import ArticleUpdateNote
from publishing.models import Status
from tests.factories import make_article, make_contributor
from tests.governance.helpers import change_url, post_change_form

pytestmark = pytest.mark.django_db

CONTRIBUTORS = reverse("admin:learn_contributor_changelist")


def test_contributor_list_searches_and_counts_their_lessons(editor_client):
    nurse = make_contributor(name="Nora Nurse", qualifications="RN, MS nurse")
    make_contributor(name="Other Person")
    make_article(author=nurse)
    make_article(medical_reviewer=nurse)
    make_article(author=nurse, medical_reviewer=nurse)

    response = editor_client.get(CONTRIBUTORS, {"q": "ms nurse"})

    [row] = response.context["cl"].result_list
    assert row == nurse
    assert (row.authored_count, row.reviewed_count) == (2, 2)


def test_contributor_page_lists_their_lessons_with_their_role(editor_client):
    person = make_contributor()
    written = make_article(title="Written one", author=person)
    make_article(title="Reviewed one", medical_reviewer=person, status=Status.DRAFT)
    make_article(title="Somebody else's")

    content = editor_client.get(change_url(person)).content.decode()

    assert f'href="{change_url(written)}"' in content
    assert "author; Published" in content
    assert "medical reviewer; Draft" in content
    assert "Somebody else" not in content


def test_missing_statement_is_called_out_for_reviewers_of_published_lessons(editor_client):
    reviewer = make_contributor(name="No Statement", conflicts_declared_on=None)
    make_article(medical_reviewer=reviewer)

    content = editor_client.get(CONTRIBUTORS).content.decode()

    assert "Missing: needed, reviews published lessons" in content


def test_update_notes_are_added_on_the_lesson_form_and_listed_newest_first(editor_client):
    article = make_article()
    ArticleUpdateNote.objects.create(
        article=article, noted_on=datetime.date(2026, 1, 5), text="First update."
    )

    response = post_change_form(
        editor_client,
        article,
        **{
            "update_notes-TOTAL_FORMS": 2,
            "update_notes-1-noted_on": "2026-03-01",
            "update_notes-1-text": "We added a 2025 trial.",
        },
    )

    assert response.status_code == 302
    assert [note.text for note in article.update_notes.all()] == [
        "We added a 2025 trial.",
        "First update.",
    ]


def test_editors_hold_the_governance_permissions():
    wanted = expected_codenames()[EDITORS]

    assert ("learn", "change_flaggedphrase") in wanted
    assert ("learn", "add_articleupdatenote") in wanted
    assert ("publishing", "view_statuschange") in wanted
    assert ("publishing", "change_statuschange") not in wanted
    assert ("learn", "view_reviewrecord") in wanted
    assert ("learn", "view_historicalfaq") in wanted
    assert ("quizzes", "view_historicalquestion") in wanted


def test_logs_are_read_only_in_the_admin(editor_client):
    for name in ("publishing_statuschange", "learn_reviewrecord"):
        assert editor_client.get(reverse(f"admin:{name}_changelist")).status_code == 200
        assert editor_client.get(reverse(f"admin:{name}_add")).status_code == 403
