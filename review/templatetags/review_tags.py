"""The review queue's bits on other apps' pages: the header link, "Practise now" and the due note
on My progress (templates/review/_*.html)."""

from django import template

from core.middleware import has_visitor_cookie
from core.visitors import learner
from review import queue_count
from review.models import ReviewCard

register = template.Library()


@register.simple_tag(takes_context=True)
def review_due(context) -> int:
    """Cards due now for the header's "Review (N)", from the cache (no query on most pages).

    A visitor without a session owns nothing, and reading the session would make a public
    page personal (and uncacheable), so they get 0 without looking.
    """
    request = context.get("request")
    if request is None or not hasattr(request, "session"):
        return 0
    if not request.user.is_authenticated and not has_visitor_cookie(request):
        return 0
    return queue_count.due_count_for(request)


@register.simple_tag(takes_context=True)
def practise_now(context, attempt) -> int:
    """How many of this attempt's questions are waiting in the learner's queue now."""
    request = context["request"]
    owner = learner(request)
    # The cached count is 0 with reviews off or nothing due: no query then.
    if not queue_count.due_count_for(request):
        return 0
    cards = ReviewCard.objects.owned_by(**owner).due()
    return cards.filter(question_id__in=attempt.question_order).count()
