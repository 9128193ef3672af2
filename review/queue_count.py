"""How many review cards are due, for the "Review (N)" link in the header, from the cache.

The header is on every page, so the count is kept in the cache per learner (account or
visitor) together with the moment it next goes up (the earliest card not yet due). Pages read
it without a query until then. Any change to the learner's cards or setting writes it again
(the services call `refresh`; an account's is also written at login, as
groups/membership_flag.py does), and a quiz with queued cards being saved, or a card being
deleted, makes every entry stale at once (a new generation number). So every page costs the same
whether a learner has 1 card or 1,000.

A visitor's cards are only ever made or changed by the services, which write the entry, so a
visitor without an entry has nothing queued: their pages run no query for it. (With the local
memory cache and several workers, a visitor may see no count until their next answer; the
production cache, Redis, is shared.) An account's missing entry is counted again (one query
for the setting, one for the cards), since the account may have cards from another device.
"""

from django.core.cache import cache
from django.db.models import Count, Min, Q
from django.utils import timezone

from core import cachebatch
from core.middleware import has_visitor_cookie
from core.visitors import learner, owned_by
from review.models import ReviewCard, ReviewSettings

TIMEOUT_SECONDS = 60 * 60
VISITOR_TIMEOUT_SECONDS = 60 * 60 * 24 * 30
_GENERATION_KEY = "review:generation"


def _key(*, user=None, visitor_id="") -> str:
    owner = f"u{user.pk}" if user is not None and user.is_authenticated else f"v{visitor_id}"
    return f"review:due:{owner}"


def _generation() -> int:
    return cache.get_or_set(_GENERATION_KEY, 1, None)


def _count(*, user, visitor_id, now) -> tuple[int, float | None]:
    """(cards due now, when the next one falls due as a timestamp or None); 0 when off."""
    if user is not None and user.is_authenticated and not reviews_enabled(user):
        return 0, None
    cards = ReviewCard.objects.owned_by(user=user, visitor_id=visitor_id).active(now)
    found = cards.aggregate(
        due=Count("pk", filter=Q(due_at__lte=now)), upcoming=Min("due_at", filter=Q(due_at__gt=now))
    )
    upcoming = found["upcoming"]
    return found["due"], upcoming.timestamp() if upcoming else None


def due_count(*, user=None, visitor_id="", request=None) -> int:
    """Cards due now for this learner (0 for nobody, or with reviews turned off). With the
    `request`, its entries may come from the request's batch (core.cachebatch)."""
    if owned_by(user=user, visitor_id=visitor_id) is None:
        return 0
    now = timezone.now()
    key = _key(user=user, visitor_id=visitor_id)
    # One round trip for the entry and the generation it must match.
    found = cachebatch.read_many(request, [key, _GENERATION_KEY])
    entry = found.get(key)
    is_account = user is not None and user.is_authenticated
    if entry is None and not is_account:
        return 0  # a visitor's cards always come with an entry (see above)
    generation = found.get(_GENERATION_KEY)
    fresh = entry is not None and entry[2] == (generation or _generation())
    if fresh and (entry[1] is None or now.timestamp() < entry[1]):
        return entry[0]
    return refresh(user=user, visitor_id=visitor_id)


def due_count_for(request) -> int:
    """`due_count` for this request's learner, counted once a request and kept on the request:
    the header, the review pages and "Practise now" all ask. Ask after the request's own
    changes to the learner's cards (the views do: they render after the services ran)."""
    memo = getattr(request, "_review_due_count", None)
    if memo is None:
        memo = request._review_due_count = due_count(**learner(request), request=request)
    return memo


def keys_for(request) -> list[str]:
    """The entries `due_count_for` reads for this request, for core.cachebatch: none for a
    visitor without a session (the header asks nothing for them either)."""
    if not hasattr(request, "session"):
        return []
    if not request.user.is_authenticated and not has_visitor_cookie(request):
        return []
    owner = learner(request)
    if owned_by(**owner) is None:
        return []
    return [_key(**owner), _GENERATION_KEY]


def refresh(*, user=None, visitor_id="") -> int:
    """Count again and keep the answer: this learner's cards or setting just changed."""
    if owned_by(user=user, visitor_id=visitor_id) is None:
        return 0
    generation = _generation()  # read first: a bump while counting makes the entry stale
    entry = (*_count(user=user, visitor_id=visitor_id, now=timezone.now()), generation)
    is_account = user is not None and user.is_authenticated
    timeout = TIMEOUT_SECONDS if is_account else VISITOR_TIMEOUT_SECONDS
    cache.set(_key(user=user, visitor_id=visitor_id), entry, timeout)
    return entry[0]


def user_logged_in_refresh(sender, user, **kwargs):
    """Receiver for user_logged_in: the first page after login reads a warm entry."""
    refresh(user=user)


def quiz_saved(sender, instance, **kwargs):
    """Receiver for Quiz post_save: published, archived or expired, its queued cards count or
    stop counting. A new quiz, or one nobody has cards for, changes no count."""
    if kwargs.get("created") or kwargs.get("raw"):
        return
    if ReviewCard.objects.filter(question__quiz_id=instance.pk).exists():
        forget_all()


def forget_all(**kwargs) -> None:
    """Every learner's count may have changed: start a new generation of entries."""
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
