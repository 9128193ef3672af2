"""The result of a submitted attempt: score, review of each question, what to do next."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from core.visitors import learner
from quizzes import services
from quizzes.choices import choices_in_order
from quizzes.models import Attempt, Question
from quizzes.views.common import attempt_for_request, review_item


@require_GET
def attempt_result(request, pk):
    """Score and per-question review from the stored snapshots; ?missed=1 filters."""
    attempt = attempt_for_request(request, pk)
    if not attempt.is_submitted and not services.attempt_expire(attempt=attempt):
        return redirect(attempt)
    quiz = attempt.quiz
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
                question=question,
                response=response,
                choice_order=attempt.choice_order.get(str(qid)),
            )
        )
    missed_only = request.GET.get("missed") == "1"
    module = quiz.module if quiz.module is not None and quiz.module.is_public() else None
    owner = learner(request)
    mine = list(
        Attempt.objects.owned_by(**owner).filter(quiz=quiz).values_list("pk", "submitted_at")
    )
    in_progress = next((pk for pk, submitted_at in mine if submitted_at is None), None)
    allowed = services.quiz_attempts_allowed(quiz=quiz, user=owner["user"])
    context = {
        "attempt": attempt,
        "quiz": quiz,
        "items": [item for item in items if not (missed_only and item["is_correct"])],
        "missed_only": missed_only,
        "missed_count": sum(1 for item in items if not item["is_correct"]),
        "module": module,
        "lessons": list(module.articles.published().only("slug", "title")) if module else [],
        "quiz_is_open": quiz.is_public(),
        "attempt_in_progress": in_progress,
        "attempts_allowed": allowed,
        "attempts_used": len(mine),
        "can_retry": allowed is None or len(mine) < allowed,
    }
    return render(request, "quizzes/attempt_result.html", context)
