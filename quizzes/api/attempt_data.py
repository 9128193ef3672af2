"""What the attempt endpoints answer with: an attempt with its questions (never the right
answers before they may be shown), an answer's feedback, a just-saved answer. Plain dicts for
the serializers in quizzes.api.attempt_serializers.
"""

from django.db.models import Prefetch

from quizzes import services
from quizzes.api.attempt_serializers import attempt_page
from quizzes.api.common import absolute
from quizzes.choices import choices_in_attempt_order
from quizzes.models import Attempt, Choice, FeedbackTiming, Question
from quizzes.models import Response as QuizResponse
from quizzes.translations import QuizText, quiz_text
from quizzes.views.common import answer_status, lesson_url


def feedback_data(request, response, question, text: QuizText | None = None) -> dict:
    """How the learner did on one answered question, from the response's snapshot.

    The snapshot is what they were graded against, so an editor's later change to the
    question never changes what this says. Misconception labels stay out: they are for
    editors and educators. With `text`, in the reader's language (quizzes/translations.py).
    """
    snapshot = text.snapshot(response.snapshot) if text else response.snapshot
    chosen = set(snapshot.get("chosen", []))
    choices = snapshot.get("choices", [])
    return {
        "status": answer_status(response),
        "is_correct": response.is_correct,
        "score": response.score,
        "explanation": snapshot.get("explanation", ""),
        "correct_choice_ids": [c["id"] for c in choices if c["is_correct"]],
        "choice_feedback": [
            {"choice": c["id"], "text": c["feedback"]}
            for c in choices
            if c["id"] in chosen and c.get("feedback")
        ],
        "lesson_url": absolute(request, lesson_url(question)),
    }


def _choices_without_answers() -> Prefetch:
    # Only what a learner may see: whether a choice is right is never even read here.
    return Prefetch(
        "choices",
        queryset=Choice.objects.only("id", "question_id", "position", "text").order_by(
            "position", "pk"
        ),
    )


def attempt_data(request, attempt: Attempt) -> dict:
    """The attempt as the API shows it, in four queries whatever its number of questions
    (three more for the words of a translation in the reader's language).

    Questions come in the attempt's stored order with choices in its stored order. Feedback
    (right answers, explanation, choice feedback, lesson link) is given only for answered
    questions, and only once the quiz allows: right away with immediate feedback, after
    submitting with feedback at the end.
    """
    quiz = attempt.quiz
    questions = Question.objects.filter(pk__in=attempt.question_order)
    if not attempt.is_submitted:
        # As the step pages: a question moved to another quiz cannot be answered here.
        questions = questions.filter(quiz_id=attempt.quiz_id)
    questions = {
        question.pk: question
        for question in questions.order_by()
        .select_related("article__module")
        .defer("explanation", "article__body", "article__body_html")
        .prefetch_related(_choices_without_answers())
    }
    responses = {
        response.question_id: response
        for response in QuizResponse.objects.filter(attempt=attempt).only(
            "question_id", "is_correct", "score", "snapshot", "answered_at", "confidence"
        )
    }
    text = quiz_text(quiz, question_ids=attempt.question_order)
    text.quiz(quiz)
    show_feedback = attempt.is_submitted or quiz.feedback_timing == FeedbackTiming.IMMEDIATE
    flagged = set(attempt.flagged)
    items = []
    for question_id in attempt.question_order:
        question, response = questions.get(question_id), responses.get(question_id)
        if question is None:
            continue  # deleted before anyone answered it (answered questions are protected)
        text.question(question)
        choices = choices_in_attempt_order(question, attempt.choice_order.get(str(question_id)))
        items.append(
            {
                "id": question_id,
                "number": len(items) + 1,
                "kind": question.kind,
                "prompt": question.prompt,
                "choices": [{"id": choice.pk, "text": choice.text} for choice in choices],
                "answered": response is not None,
                "flagged": question_id in flagged,
                "chosen": response.snapshot.get("chosen", []) if response else [],
                "confidence": response.confidence if response else "",
                "feedback": feedback_data(request, response, question, text)
                if response is not None and show_feedback
                else None,
            }
        )
    return {
        "id": attempt.pk,
        "quiz": quiz,
        "number": attempt.number,
        "language": attempt.language,
        "assignment": attempt.assignment_id,
        "status": "submitted" if attempt.is_submitted else "in_progress",
        "feedback_timing": quiz.feedback_timing,
        "pass_percent": quiz.pass_percent,
        "ask_confidence": quiz.ask_confidence,
        "started_at": attempt.started_at,
        "deadline_at": attempt.deadline_at,
        "minutes_left": None if attempt.is_submitted else services.minutes_left(attempt),
        "submitted_at": attempt.submitted_at,
        "question_count": len(items),
        "answered_count": sum(1 for item in items if item["answered"]),
        "score": attempt.score,
        "max_score": attempt.max_score,
        "percent": attempt.percent,
        "passed": attempt.passed,
        "url": absolute(request, attempt_page(attempt)),
        "questions": items,
    }


def response_data(request, attempt, response) -> dict:
    """A just-saved answer, with its feedback when the quiz gives it right away."""
    feedback = None
    if attempt.quiz.feedback_timing == FeedbackTiming.IMMEDIATE:
        question = (
            Question.objects.select_related("article__module")
            .defer("explanation", "article__body", "article__body_html")
            .get(pk=response.question_id)
        )
        text = quiz_text(attempt.quiz, question_ids=[question.pk])
        feedback = feedback_data(request, response, question, text)
    answered = QuizResponse.objects.filter(
        attempt=attempt, question_id__in=attempt.question_order
    ).count()
    return {
        "question": response.question_id,
        "chosen": response.snapshot["chosen"],
        "confidence": response.confidence,
        "answered_at": response.answered_at,
        "feedback": feedback,
        "answered_count": answered,
        "question_count": len(attempt.question_order),
    }
