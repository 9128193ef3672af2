"""The result of a submitted attempt: score, what to do next, what to review, each question."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from core.visitors import learner
from quizzes import services
from quizzes.choices import choices_in_order
from quizzes.mastery import attempt_objective_results
from quizzes.models import Attempt, Question
from quizzes.translations import quiz_text
from quizzes.views.common import attempt_for_request, review_item


@require_GET
def attempt_result(request, pk):
    """Score, the ways on (Try again, Next) and what to review first; then each question
    (collapsed), from the stored snapshots. ?missed=1 lists only the questions missed."""
    attempt = attempt_for_request(request, pk)
    if not attempt.is_submitted and not services.attempt_expire(attempt=attempt):
        return redirect(attempt)
    quiz = attempt.quiz
    # The reader's language's words for every question at once (quizzes/translations.py).
    text = quiz_text(quiz, question_ids=attempt.question_order)
    text.quiz(quiz)
    items = _review_items(attempt, text)
    missed = [item for item in items if not item["is_correct"]]
    missed_only = request.GET.get("missed") == "1"
    module = quiz.module if quiz.module is not None and quiz.module.is_public() else None
    owner = learner(request)
    mine = list(
        Attempt.objects.owned_by(**owner).filter(quiz=quiz).values_list("pk", "submitted_at")
    )
    allowed = services.quiz_attempts_allowed(quiz=quiz, user=owner["user"])
    context = {
        "attempt": attempt,
        "quiz": quiz,
        "language_fallback": text.fallback,
        "items": missed if missed_only else items,
        "missed_only": missed_only,
        "missed_count": len(missed),
        # Sure (or fairly sure) but not right: the misconceptions that matter, shown first.
        "confidently_wrong": [item for item in missed if item["confidently_wrong"]],
        "to_review": _lessons_to_review(missed),
        "module": module,
        "next_module": module.next_module() if module else None,
        "quiz_is_open": quiz.is_public(),
        "attempt_in_progress": next((pk for pk, done in mine if done is None), None),
        "attempts_allowed": allowed,
        "attempts_used": len(mine),
        "can_retry": allowed is None or len(mine) < allowed,
        "invite_account": _invite_once(attempt, owner),
        "objective_results": attempt_objective_results(attempt=attempt, user=owner["user"]),
    }
    return render(request, "quizzes/attempt_result.html", context)


def _review_items(attempt, text) -> list[dict]:
    """One review item per question of the attempt, in the order the learner saw them."""
    questions = Question.objects.filter(pk__in=attempt.question_order).order_by()
    questions = {
        question.pk: question
        for question in questions.select_related("article__module").prefetch_related(
            choices_in_order()
        )
    }
    responses = {response.question_id: response for response in attempt.responses.all()}
    items = []
    for qid in attempt.question_order:
        question, response = questions.get(qid), responses.get(qid)
        if question is None and response is None:
            continue  # deleted before anyone answered it: it was not graded either
        items.append(
            review_item(
                number=len(items) + 1,
                question=text.question(question) if question is not None else None,
                response=response,
                choice_order=attempt.choice_order.get(str(qid)),
                text=text,
            )
        )
    return items


def _lessons_to_review(missed) -> list[dict]:
    """The lessons behind the missed questions, each once, linked to the section of the
    first question missed there, with the numbers of the questions it covers."""
    lessons = {}
    for item in missed:
        if item["lesson_url"]:
            page = item["lesson_url"].split("#")[0]
            lesson = lessons.setdefault(
                page, {"url": item["lesson_url"], "title": item["lesson_title"], "numbers": []}
            )
            lesson["numbers"].append(item["number"])
    return list(lessons.values())


def _invite_once(attempt, owner) -> bool:
    """True on the one result page that invites a visitor without an account to make one:
    their first submitted attempt. Later results do not ask again."""
    if owner["user"] is not None:
        return False
    first = (
        Attempt.objects.owned_by(**owner)
        .submitted()
        .order_by("submitted_at", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    return first == attempt.pk
