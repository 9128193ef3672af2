"""The quizzes list and a quiz's intro page, whose form starts (or resumes) an attempt."""

from django.contrib import messages
from django.db.models import Max
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.visitors import learner
from publishing.pagecache import public_page
from quizzes import services
from quizzes.models import Attempt, Quiz
from quizzes.translations import (
    active_language,
    localize_quiz_modules,
    localize_quizzes,
    quiz_text,
)


@require_GET
@public_page
def quiz_list(request):
    """Published quizzes, with this learner's attempt in progress and best score so far, in
    the reader's language where published (quiz and module words: two queries in Spanish)."""
    quizzes = list(
        Quiz.objects.published().sources().select_related("module").with_question_count()
    )
    language = active_language()
    # Two calls, never one `or`: each sets words the template shows.
    quiz_fallback = localize_quizzes(quizzes, language)
    module_fallback = localize_quiz_modules(quizzes, language)
    owned = Attempt.objects.owned_by(**learner(request)).order_by()
    best = dict(
        owned.submitted()
        .values("quiz_id")
        .annotate(best=Max("percent"))
        .values_list("quiz_id", "best")
    )
    in_progress = dict(owned.in_progress().values_list("quiz_id", "pk"))
    for quiz in quizzes:
        quiz.best_percent = best.get(quiz.pk)
        quiz.attempt_in_progress = in_progress.get(quiz.pk)
    context = {"quizzes": quizzes, "list_fallback": quiz_fallback or module_fallback}
    return render(request, "quizzes/quiz_list.html", context)


@require_http_methods(["GET", "POST"])
@public_page
def quiz_detail(request, slug):
    """A quiz's intro: what it covers, its rules, this learner's attempts. POST starts one."""
    quiz = get_object_or_404(
        Quiz.objects.published().sources().select_related("module").with_question_count(),
        slug=slug,
    )
    if request.method == "POST":
        return _start(request, quiz)
    text = quiz_text(quiz, question_ids=())
    localize_quiz_modules([quiz], text.language)
    owner = learner(request)
    attempts = list(Attempt.objects.owned_by(**owner).filter(quiz=quiz).order_by("started_at"))
    in_progress = next((a for a in attempts if not a.is_submitted), None)
    if in_progress is not None and services.attempt_expire(attempt=in_progress):
        in_progress = None
    allowed = services.quiz_attempts_allowed(quiz=quiz, user=owner["user"])
    limit = services.quiz_time_limit(quiz=quiz, user=owner["user"])
    context = {
        "quiz": text.quiz(quiz),
        "language_fallback": text.fallback,
        "previous": [a for a in attempts if a.is_submitted],
        "in_progress": in_progress,
        "attempts_allowed": allowed,
        "attempts_used": len(attempts),
        "can_start": in_progress is not None or allowed is None or len(attempts) < allowed,
        "my_time_limit": int(limit.total_seconds() // 60) if limit else None,
    }
    return render(request, "quizzes/quiz_detail.html", context)


def _start(request, quiz):
    owner = learner(request, create=True)
    try:
        attempt, created = services.attempt_start_or_resume(quiz=quiz, **owner)
    except services.QuizError as error:
        messages.error(request, error.message)
        return redirect(quiz)
    if not created:
        messages.info(
            request, _("You have an attempt in progress. You can carry on where you left off.")
        )
    return redirect(attempt)
