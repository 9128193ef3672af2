"""Whether a person belongs to any group, for the "My assignments" link in the header.

The header is on every page, so the answer is kept in the cache per person and pages read it
without a query. It is written, not just forgotten, whenever it may change: at login, and when
a Membership is saved or deleted (receivers connected in GroupsConfig.ready; post_delete also
fires for memberships removed by a cascade, when a group or an account is deleted). So the
query runs at those moments, never on an ordinary page, and every page costs the same number
of queries. Only an entry that expired or was evicted costs one query on a page.

Cache invalidation is not a domain rule, so signals are the right place here: every path that
changes a membership, the admin included, is covered without each one remembering to. The
timeout bounds how stale a per-process cache (local memory with several workers) can get.
"""

from django.core.cache import cache

from core import cachebatch
from groups.models import Membership

TIMEOUT_SECONDS = 60 * 60


def _key(user_id) -> str:
    return f"groups:in-a-group:{user_id}"


def _remember(user_id) -> bool:
    flag = Membership.objects.filter(user_id=user_id).exists()
    cache.set(_key(user_id), flag, TIMEOUT_SECONDS)
    return flag


def user_in_a_group(user, *, request=None) -> bool:
    """True when the signed-in `user` is a member of at least one group; False for visitors.
    With the `request`, the flag may come from the request's batch (core.cachebatch)."""
    if not user.is_authenticated:
        return False
    key = _key(user.pk)
    flag = cachebatch.read_many(request, [key]).get(key)
    return _remember(user.pk) if flag is None else flag


def keys_for(request) -> list[str]:
    """The entry `user_in_a_group` reads for this request's person, for core.cachebatch."""
    user = getattr(request, "user", None)
    return [_key(user.pk)] if user is not None and user.is_authenticated else []


def membership_saved(sender, instance, **kwargs):
    """Receiver for Membership post_save: the member now belongs to a group."""
    cache.set(_key(instance.user_id), True, TIMEOUT_SECONDS)


def membership_deleted(sender, instance, **kwargs):
    """Receiver for Membership post_delete: look again, they may be in another group."""
    _remember(instance.user_id)


def user_logged_in_remember(sender, user, **kwargs):
    """Receiver for user_logged_in: the first page after login reads a warm entry."""
    _remember(user.pk)
