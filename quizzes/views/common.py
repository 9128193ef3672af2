"""Helpers the quiz views share: the learner's attempt, lesson links and review items."""

from django.http import Http404

from core.visitors import learner
from quizzes import services
from quizzes.attempt_models import Confidence
from quizzes.choices import choices_in_attempt_order
from quizzes.confidence import is_confidently_wrong
from quizzes.models import Attempt, QuestionKind
from quizzes.translations import QuizText


def attempt_for_request(request, pk, *, related=("quiz__module", "assignment")) -> Attempt:
    """This learner's attempt, or 404 for everybody else (staff included): never 403.

    `related`: what to load with it (services.attempt_for_owner)."""
    try:
        return services.attempt_for_owner(attempt_id=pk, related=related, **learner(request))
    except services.QuizNotFound:
        raise Http404("No such attempt.") from None


def is_fragment(request) -> bool:
    """An htmx request that swaps a region; a history restore needs the whole page."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def lesson_url(question) -> str:
    """The public lesson (and section) a question comes from, or "" when there is none."""
    article = question.article if question is not None else None
    if article is None or not article.is_public() or not article.module.is_public():
        return ""
    url = article.get_absolute_url()
    return f"{url}#{question.anchor}" if question.anchor else url


def answer_status(response) -> str:
    """How an answered question went: "correct", "partly" (some credit) or "not_quite"."""
    if response.is_correct:
        return "correct"
    return "partly" if response.score > 0 else "not_quite"


def choice_verdict(*, chosen: bool, is_correct: bool, answered: bool, multiple: bool) -> str:
    """What choosing (or not choosing) one choice was: the words the review shows for it.

    "chosen_right", "chosen_wrong", "missed" (a right answer left out), "left_out" (a wrong
    answer rightly left out: said only on multiple-answer questions, where every choice is a
    decision) or "" (nothing to say).
    """
    if chosen:
        return "chosen_right" if is_correct else "chosen_wrong"
    if is_correct:
        return "missed" if answered else "right"
    return "left_out" if answered and multiple else ""


def review_item(
    *, number, question, response, choice_order, text: QuizText | None = None, lesson=None
) -> dict:
    """What a learner sees about one answered (or unanswered) question after grading.

    Answered questions come from the response's snapshot, so an editor's later changes never
    alter what the learner answered, the right answer they were graded against, or the score.
    Each choice says whether choosing it was right; the overall verdict is `status`, given
    once by the page. With `text` the words are the reader's language's (the snapshot's
    choices and verdicts stay); an unanswered question comes with its words already put in.
    `lesson` (url, title), when given, is the lesson to review, so `question` may be None for
    an answered question (the quiz step has it from its shared words, views/step_words.py).
    """
    if response is not None:
        snapshot = text.snapshot(response.snapshot) if text else response.snapshot
        choices = snapshot["choices"]
        chosen = set(snapshot["chosen"])
        prompt, explanation = snapshot["prompt"], snapshot["explanation"]
        kind = snapshot.get("kind", "")
        status = answer_status(response)
    else:
        choices = [
            {"id": c.pk, "text": c.text, "is_correct": c.is_correct, "feedback": c.feedback}
            for c in choices_in_attempt_order(question, choice_order)
        ]
        chosen = set()
        prompt, explanation = question.prompt, question.explanation
        kind = question.kind
        status = "unanswered"
    multiple = kind == QuestionKind.MULTIPLE
    if lesson is None:
        url = lesson_url(question)
        lesson = (url, question.article.title if url else "")
    return {
        "number": number,
        "prompt": prompt,
        "explanation": explanation,
        "status": status,
        "is_correct": status == "correct",
        "choices": [
            {
                "text": c["text"],
                "verdict": choice_verdict(
                    chosen=c["id"] in chosen,
                    is_correct=c["is_correct"],
                    answered=response is not None,
                    multiple=multiple,
                ),
                # A choice's note speaks to someone who chose it ("Not this one…").
                "feedback": c["feedback"] if c["id"] in chosen else "",
            }
            for c in choices
        ],
        "lesson_url": lesson[0],
        "lesson_title": lesson[1],
        **_confidence_of(response, status),
    }


def _confidence_of(response, status) -> dict:
    """What the learner said about how sure they were, and whether it was sure but wrong."""
    confidence = response.confidence if response is not None else ""
    return {
        "confidence": confidence,
        "confidence_label": Confidence(confidence).label if confidence else "",
        "confidently_wrong": response is not None
        and is_confidently_wrong(confidence=confidence, is_correct=status == "correct"),
    }
