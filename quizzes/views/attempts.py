"""Taking an attempt: one question per step, flags, and the submit confirmation.

Every form posts and redirects without JavaScript. With htmx the same forms swap only the
step (the "question" partial of attempt_detail.html) and the response carries what to
announce. Permissions are decided here, before any template: a partial skips the page's
template logic. The words every learner sees alike (the quiz's title, the question, its
choices, the explanation and lesson link) and the quiz's settings come from the shared cache
(views/step_words.py); the attempt, its order, answers, flags and progress are read for each
request.
"""

import copy

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect, push_url

from publishing import holes
from quizzes import services
from quizzes.attempt_models import Confidence
from quizzes.confidence import CONFIDENCE_ERRORS
from quizzes.models import FeedbackTiming, QuestionKind
from quizzes.views.common import attempt_for_request, is_fragment, review_item
from quizzes.views.step_words import quiz_words

TEMPLATE = "quizzes/attempt_detail.html"


@require_GET
@vary_on_headers("HX-Request")
def attempt_detail(request, pk):
    """One step of an attempt (?q=N, default: the first unanswered question).

    The page around the step is the same for everyone taking the quiz in one language (with
    the same display settings and zone), so it is kept whole (publishing.holes) with the step,
    the tab's title, the account menu and the messages as holes, and the attempt's id, which
    its language links name, as a fill: a learner's page then costs their attempt, their
    answers and the step alone. htmx gets the step alone, as before.
    """
    kept = not is_fragment(request) and set(request.GET) <= {"q"}
    if kept:
        # The generation and the header's entries in one round trip, before the words need it.
        holes.prefetch(request)
    attempt = _attempt(request, pk)
    if closed := _closed(request, attempt):
        return closed
    steps = _steps(attempt)
    step = _requested_step(request.GET.get("q"), len(steps))
    if not kept:
        return _render_step(request, attempt, steps, step)
    context = _step_context(request, attempt, steps, step)
    fills = {"attempt": str(attempt.pk)}
    page = holes.kept_page(
        request,
        "quiz-step",
        [str(attempt.quiz_id)],
        lambda: holes.keep(request, TEMPLATE, context, fills=fills),
        address=request.get_full_path().replace(fills["attempt"], ""),
    )
    if page is None:
        return render(request, TEMPLATE, context)
    return HttpResponse(page.fill(request, {}, context=context, fills=fills))


@require_POST
def attempt_answer(request, pk):
    """Save the answer to one question; graded on the server from the stored choices."""
    attempt = _attempt(request, pk)
    question_id = request.POST.get("question", "")
    try:
        services.attempt_answer(
            attempt=attempt,
            question_id=question_id,
            choice_ids=request.POST.getlist("choice"),
            confidence=request.POST.get("confidence"),
        )
    except (services.AttemptSubmitted, services.TimeOver) as error:
        return _to_result(request, attempt, error.message)
    except services.QuizError as error:
        steps = _steps(attempt)
        step = _step_of(steps, question_id)
        if error.code in CONFIDENCE_ERRORS:
            # The choices were fine: keep them picked while the learner says how sure.
            posted = {"choice_ids": request.POST.getlist("choice")}
            return _render_step(request, attempt, steps, step, error=error.message, posted=posted)
        return _render_step(request, attempt, steps, step, error=error.message)
    steps = _steps(attempt)
    step = _step_of(steps, question_id)
    immediate = attempt.quiz.feedback_timing == FeedbackTiming.IMMEDIATE
    if not immediate and step < len(steps):
        step += 1
    if not is_fragment(request):
        if not immediate:
            messages.success(request, _("Your answer is saved."))
        return redirect(_step_url(attempt, step))
    announce = "" if immediate else _("Your answer is saved.")
    response = _render_step(request, attempt, steps, step, announce=announce, just_answered=True)
    return push_url(response, _step_url(attempt, step))


@require_POST
def attempt_flag(request, pk):
    """Flag a question to come back to, or remove the flag."""
    attempt = _attempt(request, pk)
    if closed := _closed(request, attempt):
        return closed
    question_id = request.POST.get("question", "")
    flagged = request.POST.get("flagged") == "1"
    try:
        services.attempt_flag(attempt=attempt, question_id=question_id, flagged=flagged)
    except services.AttemptSubmitted as error:
        return _to_result(request, attempt, error.message)
    except services.QuizError as error:
        steps = _steps(attempt)
        return _render_step(
            request, attempt, steps, _step_of(steps, question_id), error=error.message
        )
    steps = _steps(attempt)
    step = _step_of(steps, question_id)
    if not is_fragment(request):
        return redirect(_step_url(attempt, step))
    announce = _("Flagged to come back to.") if flagged else _("Flag removed.")
    # Focus stays on the flag button the learner pressed, not back at the heading.
    return _render_step(request, attempt, steps, step, announce=announce, focus="flag")


@require_http_methods(["GET", "POST"])
def attempt_submit(request, pk):
    """GET: check before submitting (lists unanswered questions). POST: submit and grade."""
    attempt = _attempt(request, pk)
    if closed := _closed(request, attempt):
        return closed
    steps = _steps(attempt)
    answered = set(attempt.responses.values_list("question_id", flat=True))
    unanswered = [number for number, qid in enumerate(steps, 1) if qid not in answered]
    if request.method == "POST":
        if unanswered and request.POST.get("confirm") != "1":
            return redirect("quizzes:attempt-submit", attempt.pk)
        services.attempt_submit(attempt=attempt)
        return redirect("quizzes:attempt-result", attempt.pk)
    flagged = set(attempt.flagged)
    words = _words(attempt)
    attempt.quiz.title = words.title
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "language_fallback": words.fallback,
        "total": len(steps),
        "unanswered": unanswered,
        "unanswered_text": get_text_list([str(n) for n in unanswered], _("and")),
        "flagged": [number for number, qid in enumerate(steps, 1) if qid in flagged],
        "deadline": attempt.deadline_at,
        "minutes_left": services.minutes_left(attempt),
    }
    return render(request, "quizzes/attempt_submit.html", context)


def _closed(request, attempt):
    """A redirect to the result when the attempt is over (submitted, or its time ran out)."""
    if attempt.is_submitted:
        return redirect("quizzes:attempt-result", attempt.pk)
    if services.attempt_expire(attempt=attempt):
        return _to_result(request, attempt, services.TimeOver.default_message)
    return None


def _to_result(request, attempt, message):
    messages.info(request, message)
    url = reverse("quizzes:attempt-result", args=[attempt.pk])
    return HttpResponseClientRedirect(url) if is_fragment(request) else redirect(url)


def _attempt(request, pk):
    """This learner's attempt (views/common.py, with the assignment for "Save and leave"),
    its quiz and the quiz's shared words from the cache (views/step_words.py): the quiz is
    content like its words, so it is as fresh as they are and needs no join per request."""
    attempt = attempt_for_request(request, pk, related=("assignment",))
    attempt._shared_words = words = quiz_words(attempt.quiz_id)
    attempt.quiz = copy.copy(words.quiz)  # the words are shared by every request
    return attempt


def _words(attempt):
    """The quiz's shared words, read once a request (kept on this request's attempt)."""
    return attempt._shared_words


def _steps(attempt) -> list[int]:
    """The attempt's question ids in its fixed order, less questions deleted since."""
    steps = _words(attempt).steps(attempt.question_order)
    if not steps:
        raise Http404("This attempt has no questions.")
    return steps


def _requested_step(value, total) -> int | None:
    if value is None:
        return None
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= total:
        raise Http404("No such question in this attempt.")
    return int(value)


def _step_of(steps, question_id) -> int | None:
    """The step number of a question id from a form, or None when it is not one of ours."""
    try:
        return steps.index(int(question_id)) + 1
    except (TypeError, ValueError):
        return None


def _step_url(attempt, step) -> str:
    return f"{attempt.get_absolute_url()}?q={step}"


def _render_step(request, attempt, steps, step, **options):
    """The step page, or only its "question" partial for htmx; `options` as _step_context's.

    An error is shown in place: 400 for a whole page, 200 for htmx, which swaps only
    successful responses.
    """
    context = _step_context(request, attempt, steps, step, **options)
    fragment = context["fragment"]
    template = f"{TEMPLATE}#question" if fragment else TEMPLATE
    status = 400 if options.get("error") and not fragment else 200
    return render(request, template, context, status=status)


def _step_context(
    request,
    attempt,
    steps,
    step,
    *,
    announce="",
    error="",
    just_answered=False,
    focus="heading",
    posted=None,
) -> dict:
    """The step page's context (`step` None: the first unanswered question). `posted` (a
    refused answer's choices) marks the error as one about how sure the learner is, shown by
    that question, with the choices kept."""
    quiz = attempt.quiz
    # One query for every answer so far: the step list marks them, this step shows its own.
    responses = {response.question_id: response for response in attempt.responses.all()}
    answered = set(responses)
    if step is None:
        step = next((n for n, qid in enumerate(steps, 1) if qid not in answered), len(steps))
    # The words in the reader's language, shared by everyone (views/step_words.py).
    words = _words(attempt)
    quiz.title = words.title
    question = words.questions[steps[step - 1]]
    response = responses.get(question.pk)
    order = attempt.choice_order.get(str(question.pk))
    feedback = None
    if response is not None and quiz.feedback_timing == FeedbackTiming.IMMEDIATE:
        feedback = review_item(
            number=step,
            question=None,
            response=response,
            choice_order=order,
            text=question,
            lesson=(question.lesson_url, question.lesson_title),
        )
        if just_answered:
            announce = _feedback_announcement(feedback)
    flagged = set(attempt.flagged)
    attempt_url = attempt.get_absolute_url()
    return {
        "attempt": attempt,
        "attempt_url": attempt_url,
        "quiz": quiz,
        "language_fallback": words.fallback,
        "question": question,
        "choices": question.choices_in_attempt_order(order),
        "input_type": "checkbox" if question.kind == QuestionKind.MULTIPLE else "radio",
        **_answer_context(response, error, posted),
        "is_answered": response is not None,
        "feedback": feedback,
        "is_flagged": question.pk in flagged,
        # Seen the answer (immediate feedback): nothing to come back to, so no flag to add.
        "is_locked": feedback is not None,
        "step": step,
        "total": len(steps),
        "previous_step": step - 1 if step > 1 else None,
        "next_step": step + 1 if step < len(steps) else None,
        "steps": _step_list(steps, step, attempt_url, answered=answered, flagged=flagged),
        "answered_count": len(answered & set(steps)),
        "deadline": attempt.deadline_at,
        "minutes_left": services.minutes_left(attempt),
        "announce": error or announce,
        # Where focus goes after an htmx swap: the error, the fresh feedback, or where the
        # learner acted (the step heading unless told otherwise).
        "focus": "error" if error else "feedback" if feedback and just_answered else focus,
        "page_title": _("Question %(step)s of %(total)s: %(quiz)s")
        % {"step": step, "total": len(steps), "quiz": quiz.title},
        "leave_url": _leave_url(attempt),
        # htmx takes a top-level <title> out of a swapped fragment and sets the tab's title.
        "fragment": is_fragment(request),
    }


def _step_list(steps, step, attempt_url, *, answered, flagged) -> list[dict]:
    """The overview's rows, their words put in here: the list is as long as the quiz, and a
    translation looked up once beats one template tag per row (the step is a hot page)."""
    label = _("Question %(number)s")
    status = {True: _("answered"), False: _("not answered")}
    flagged_word = _("flagged")
    rows = []
    for number, qid in enumerate(steps, 1):
        done, flag = qid in answered, qid in flagged
        rows.append(
            {
                "url": f"{attempt_url}?q={number}",
                "label": label % {"number": number},
                "status": f"{status[done]}, {flagged_word}" if flag else status[done],
                "classes": (" is-answered" if done else "") + (" is-flagged" if flag else ""),
                "current": number == step,
            }
        )
    return rows


def _answer_context(response, error, posted) -> dict:
    """The answer form's state: the choices to show picked (a refused answer's own, else the
    saved answer's), how sure the learner said they were, and where the error goes."""
    if posted is not None:
        chosen = {int(pk) for pk in posted["choice_ids"] if pk.isascii() and pk.isdigit()}
    else:
        chosen = set(response.snapshot.get("chosen", [])) if response else set()
    return {
        "chosen_ids": chosen,
        "confidences": Confidence.choices,
        "confidence": response.confidence if response else "",
        # An error about how sure the learner is shows by that question, others by the choices.
        "error": error if posted is None else "",
        "confidence_error": error if posted is not None else "",
    }


def _leave_url(attempt) -> str:
    """Where "Save and leave" goes: the assignment's page for an assigned attempt, so the
    learner sees that assignment's rules, or else the quiz's intro page."""
    if attempt.assignment_id is None:
        return attempt.quiz.get_absolute_url()
    return attempt.assignment.get_absolute_url()


def _feedback_announcement(feedback) -> str:
    if feedback["status"] == "correct":
        return _("Correct.")
    if feedback["status"] == "partly":
        return _("Partly right. The full answer is shown.")
    return _("Not quite. The right answer is shown.")
