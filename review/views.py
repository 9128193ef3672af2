"""The review pages: /review/ (how many are due, Start, then what moved) and one card per
step, with the quiz steps' look, feedback and accessibility.

Every form posts and redirects without JavaScript; with htmx the answer form swaps only the
step (the "card" partial of review/step.html). Whose card it is is decided here and in the
services, before any template: another person's card is "not found".
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect, push_url

from core.visitors import learner
from quizzes.attempt_models import Confidence
from quizzes.translations import quiz_text
from quizzes.views.common import is_fragment, review_item
from review import queue_count, services
from review.models import ReviewCard

ROUND_KEY = "review_round_started"
TEMPLATE = "review/step.html"


@never_cache
@require_http_methods(["GET", "POST"])
def review_queue(request):
    """GET: how many questions are due and Start; after a round, what moved.
    POST (Start): begin a round, then the first due card."""
    owner = learner(request)
    if request.method == "POST":
        request.session[ROUND_KEY] = timezone.now().isoformat()
        return redirect("review:step")
    enabled = queue_count.reviews_enabled(owner["user"])
    due = queue_count.due_count_for(request) if enabled else 0
    context = {"due": due, "enabled": enabled, "moves": _round_moves(request, owner)}
    return render(request, "review/queue.html", context)


@never_cache
@require_GET
def review_step(request):
    """The next due card; when none is left, back to /review/ with what this round moved."""
    owner = learner(request)
    card = services.next_due_card(**owner)
    if card is None:
        return redirect("review:queue")
    return _render_card(request, card)


@never_cache
@require_GET
@vary_on_headers("HX-Request")
def review_card(request, pk):
    """One card: its question while due, else the feedback on its latest answer."""
    card = _card_for_request(request, pk)
    answer = card.answers.first()
    if not card.is_due() and answer is None:
        raise Http404("This card is not due.")
    return _render_card(request, card, answer=None if card.is_due() else answer)


@require_POST
def review_answer(request, pk):
    """Grade a practice answer and show the feedback (never touches attempts or results)."""
    card = _card_for_request(request, pk)
    try:
        answer = services.card_answer(
            card=card,
            choice_ids=request.POST.getlist("choice"),
            confidence=request.POST.get("confidence", ""),
        )
    except services.CardNotDue as error:
        messages.info(request, error.message)
        if is_fragment(request):
            return HttpResponseClientRedirect(_next_url())
        return redirect("review:step")
    except services.QuizError as error:
        return _render_card(request, card, error=error.message, chosen=request.POST)
    if not is_fragment(request):
        return redirect("review:card", card.pk)
    response = _render_card(request, card, answer=answer, just_answered=True)
    return push_url(response, card_url(card))


def card_url(card) -> str:
    return reverse("review:card", args=[card.pk])


def _next_url() -> str:
    return reverse("review:step")


def _card_for_request(request, pk) -> ReviewCard:
    try:
        return services.card_for_owner(card_id=pk, **learner(request))
    except services.CardNotFound:
        raise Http404("No such card.") from None


def _round_moves(request, owner) -> dict | None:
    """What the current round moved, or None when no round was started in this session."""
    started = parse_datetime(request.session.get(ROUND_KEY, "") or "")
    if started is None:
        return None
    moves = services.round_moves(**owner, since=started)
    return moves if any(moves.values()) else None


def _render_card(request, card, *, answer=None, error="", chosen=None, just_answered=False):
    """The step page for one card, or only its "card" partial for htmx.

    An error is shown in place: 400 for a whole page, 200 for htmx (which swaps only
    successful responses).
    """
    question = card.question
    # The reader's language's words over the source question (quizzes/translations.py).
    text = quiz_text(question.quiz, question_ids=[question.pk])
    text.quiz(question.quiz)
    text.question(question)
    feedback = None
    announce = ""
    if answer is not None:
        feedback = review_item(
            number=1, question=question, response=answer, choice_order=None, text=text
        )
        feedback["move"] = answer.move
        feedback["due_at"] = card.due_at
        if just_answered:
            announce = (
                _("Correct.") if answer.is_correct else _("Not quite. The right answer is shown.")
            )
    due = queue_count.due_count_for(request)
    context = {
        "card": card,
        "question": question,
        "quiz": question.quiz,
        "language_fallback": text.fallback,
        "choices": services.card_choices(card),
        "input_type": "checkbox" if question.kind == "multiple" else "radio",
        "chosen_ids": {str(value) for value in chosen.getlist("choice")} if chosen else set(),
        "chosen_confidence": chosen.get("confidence", "") if chosen else "",
        "confidence_choices": Confidence.choices,
        "feedback": feedback,
        "due_left": due,
        "error": error,
        "announce": error or announce,
        "focus": "error" if error else "feedback" if just_answered else "heading",
        "page_title": _("Review: %(quiz)s") % {"quiz": question.quiz.title},
        "fragment": is_fragment(request),
    }
    template = f"{TEMPLATE}#card" if context["fragment"] else TEMPLATE
    status = 400 if error and not context["fragment"] else 200
    return render(request, template, context, status=status)
