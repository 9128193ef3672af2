"""How many review cards are due, for the "Review (N)" link in the header, from the cache.

The header is on every page, so the count is kept in the cache per learner (account or
visitor) together with the moment it next goes up (the earliest card not yet due). Pages read
it without a query until then. Any change to the learner's cards or setting writes it again
(the services call `refresh`, as groups/membership_flag.py does at login), and saving or
deleting a quiz or question forgets every learner's count at once by moving to a new
generation of keys. Only an expired or evicted entry costs queries on a page, so every page
costs the same whether a learner has 1 card or 1,000.
"""

from django.core.cache import cache
from django.db.models import Min
from django.utils import timezone

from core.visitors import owned_by
from review.models import ReviewCard, ReviewSettings

TIMEOUT_SECONDS = 60 * 60
_GENERATION_KEY = "review:generation"


def _key(*, user=None, visitor_id="") -> str:
    generation = cache.get_or_set(_GENERATION_KEY, 1, None)
    owner = f"u{user.pk}" if user is not None and user.is_authenticated else f"v{visitor_id}"
    return f"review:due:{generation}:{owner}"


def _count(*, user, visitor_id, now) -> tuple[int, float | None]:
    """(cards due now, when the next one falls due as a timestamp or None); 0 when off."""
    if user is not None and user.is_authenticated and not reviews_enabled(user):
        return 0, None
    cards = ReviewCard.objects.owned_by(user=user, visitor_id=visitor_id).active(now)
    due = cards.filter(due_at__lte=now).count()
    upcoming = cards.filter(due_at__gt=now).aggregate(first=Min("due_at"))["first"]
    return due, upcoming.timestamp() if upcoming else None


def due_count(*, user=None, visitor_id="") -> int:
    """Cards due now for this learner (0 for nobody, or with reviews turned off)."""
    if owned_by(user=user, visitor_id=visitor_id) is None:
        return 0
    now = timezone.now()
    key = _key(user=user, visitor_id=visitor_id)
    entry = cache.get(key)
    if entry is not None and (entry[1] is None or now.timestamp() < entry[1]):
        return entry[0]
    return refresh(user=user, visitor_id=visitor_id)


def refresh(*, user=None, visitor_id="") -> int:
    """Count again and keep the answer: this learner's cards or setting just changed."""
    if owned_by(user=user, visitor_id=visitor_id) is None:
        return 0
    entry = _count(user=user, visitor_id=visitor_id, now=timezone.now())
    cache.set(_key(user=user, visitor_id=visitor_id), entry, TIMEOUT_SECONDS)
    return entry[0]


def user_logged_in_refresh(sender, user, **kwargs):
    """Receiver for user_logged_in: the first page after login reads a warm entry."""
    refresh(user=user)


def forget_all(**kwargs) -> None:
    """Receiver for quiz and question saves and deletes: every count may have changed."""
    try:
        cache.incr(_GENERATION_KEY)
    except ValueError:
        cache.set(_GENERATION_KEY, 2, None)


def reviews_enabled(user) -> bool:
    """Whether this learner wants a review queue: on for visitors and by default."""
    if user is None or not user.is_authenticated:
        return True
    setting = ReviewSettings.objects.filter(user=user).values_list("enabled", flat=True).first()
    return setting is not False
