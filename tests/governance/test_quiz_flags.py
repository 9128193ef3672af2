import pytest
from django.urls import reverse
from django.utils import formats, timezone

from publishing.models import Status
from quizzes.lesson_checks import lesson_change_flag_questions
from quizzes.models import Question
from tests.factories import approve, make_article, make_question, make_quiz
from tests.governance.helpers import change_url, messages_of, post_change_form

pytestmark = pytest.mark.django_db

QUESTIONS = reverse("admin:quizzes_question_changelist")


def linked_questions(article, n=2):
    quiz = make_quiz()
    return [make_question(quiz=quiz, article=article) for _ in range(n)]


def flags(questions):
    return [
        (q.needs_check, q.check_reason)
        for q in Question.objects.filter(pk__in=[q.pk for q in questions]).order_by("pk")
    ]


@pytest.mark.parametrize("field", ["body", "summary", "title"])
def test_changing_a_published_lesson_flags_its_quiz_questions(editor_client, field):
    article = make_article(title="Gut microbes")
    questions = linked_questions(article)
    other = make_question(article=make_article())

    response = post_change_form(
        editor_client, article, minor_edit="on", **{field: "Changed words."}
    )

    assert response.status_code == 302
    today = formats.date_format(timezone.localdate(), "j M Y")
    title = "Changed words." if field == "title" else "Gut microbes"
    assert flags(questions) == [(True, f"Lesson “{title}” changed on {today}.")] * 2
    assert flags([other]) == [(False, "")]
    assert "2 quiz questions linked to it are marked" in " ".join(messages_of(response))


def test_a_save_without_a_text_change_flags_nothing(editor_client):
    article = make_article()
    questions = linked_questions(article)

    post_change_form(editor_client, article, position=article.position + 1)

    assert flags(questions) == [(False, "")] * 2


def test_a_lesson_never_published_flags_nothing(editor_client):
    article = make_article(status=Status.DRAFT)
    questions = linked_questions(article)

    post_change_form(editor_client, article, body="New draft text.")

    assert flags(questions) == [(False, "")] * 2


def test_edits_made_in_draft_flag_the_questions_when_the_lesson_is_published_again(editor_client):
    article = make_article()  # Published (revision 1).
    questions = linked_questions(article)
    post_change_form(editor_client, article, _workflow="draft")
    post_change_form(editor_client, article, body="Rewritten while a draft.")
    assert flags(questions) == [(False, "")] * 2

    article.refresh_from_db()
    approve(article)  # The new body is approved by a medical reviewer, then published.
    post_change_form(editor_client, article, _workflow="publish")

    assert [flag for flag, _reason in flags(questions)] == [True, True]


def test_the_service_compares_with_the_last_published_revision():
    article = make_article(body="First.")
    [question] = linked_questions(article, n=1)
    assert lesson_change_flag_questions(article=article) == 0  # Only one revision.

    article.body = "Second."
    article.save()

    assert lesson_change_flag_questions(article=article) == 1
    question.refresh_from_db()
    assert question.needs_check


def test_quiz_editor_shows_a_banner_for_questions_to_check(editor_client):
    article = make_article(title="What is MS?")
    [question] = linked_questions(article, n=1)
    post_change_form(editor_client, article, body="Updated.", minor_edit="on")

    content = editor_client.get(change_url(question.quiz)).content.decode()

    assert "1 question needs a check: its lesson changed after it was written." in content
    assert "Lesson “What is MS?” changed on" in content
    assert "Check this question against its updated lesson." in content
    question_page = editor_client.get(change_url(question)).content.decode()
    assert "Check this question against its updated lesson." in question_page


def test_mark_as_checked_clears_the_flag_and_its_reason(editor_client):
    article = make_article()
    questions = linked_questions(article)
    post_change_form(editor_client, article, body="Updated.", minor_edit="on")

    editor_client.post(
        QUESTIONS,
        {"action": "mark_checked", "_selected_action": [q.pk for q in questions]},
    )

    assert flags(questions) == [(False, "")] * 2
    page = editor_client.get(change_url(questions[0].quiz)).content.decode()
    assert "needs a check" not in page


def test_unticking_the_flag_on_a_question_clears_the_reason(editor_client):
    article = make_article()
    [question] = linked_questions(article, n=1)
    post_change_form(editor_client, article, body="Updated.", minor_edit="on")

    response = post_change_form(
        editor_client, Question.objects.get(pk=question.pk), needs_check=None
    )

    assert response.status_code == 302
    assert flags([question]) == [(False, "")]
