"""Every sample quiz can be taken to the end by an anonymous visitor, without JavaScript.

Plain form posts only (the no-JavaScript path): start on the quiz page, answer every question
with its right choices, submit, and read the result, which links back to the lessons.
"""

import pytest
from django.urls import reverse

from publishing.translations import translation_of
from quizzes.models import Attempt, Question, Quiz
from tests.sample_content import load_sample_content

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample_content():
    load_sample_content()


def test_an_anonymous_visitor_finishes_every_sample_quiz_with_full_marks(client, sample_content):
    quizzes = list(Quiz.objects.published().order_by("slug"))
    assert {quiz.slug for quiz in quizzes} >= {
        "ms-basics",
        "gut-brain-axis",
        "probiotics-evidence",
        "reading-the-evidence",
        "everyday-choices",
    }
    for quiz in quizzes:
        start = client.post(quiz.get_absolute_url())
        assert start.status_code == 302
        attempt = Attempt.objects.get(quiz=quiz, user=None)
        assert start.url == reverse("quizzes:attempt-detail", args=[attempt.pk])
        assert client.get(start.url).status_code == 200

        questions = {q.pk: q for q in quiz.questions.prefetch_related("choices")}
        for question_id in attempt.question_order:
            right = [c.pk for c in questions[question_id].choices.all() if c.is_correct]
            answered = client.post(
                reverse("quizzes:attempt-answer", args=[attempt.pk]),
                {"question": question_id, "choice": right, "confidence": "sure"},
            )
            assert answered.status_code == 302, (quiz.slug, question_id)

        submitted = client.post(
            reverse("quizzes:attempt-submit", args=[attempt.pk]), {"confirm": "1"}
        )
        assert submitted.status_code == 302
        result = client.get(reverse("quizzes:attempt-result", args=[attempt.pk]))
        html = result.content.decode()
        attempt.refresh_from_db()
        assert attempt.submitted_at is not None, quiz.slug
        assert attempt.percent == 100 and attempt.passed, quiz.slug
        assert "Passed" in html and "/learn/" in html


def test_every_sample_question_links_to_a_heading_that_exists_in_its_lesson(sample_content):
    """A quiz anchor that matches no heading id would send learners to the top of the lesson."""
    # A translated quiz's anchors are the headings of the translated lesson.
    missing = [
        (question.quiz.slug, question.anchor, question.article.slug)
        for question in Question.objects.exclude(anchor="").select_related("quiz", "article")
        if f'id="{question.anchor}"'
        not in translation_of(question.article, question.quiz.locale, public_only=False).body_html
    ]
    assert Question.objects.filter(quiz__locale="es").exclude(anchor="").count() == 13

    assert Question.objects.filter(quiz__slug="everyday-choices").exclude(anchor="").count() == 13
    assert missing == []
