"""Anonymous visitors: a random id in the session owns their progress and quiz attempts.

Django gives a session a new key at login, so the key itself cannot own anything. The id
below travels with the session data instead, and at signup or login everything it owns
moves to the account (accounts.services.claim_visitor_data).
"""

import uuid

SESSION_KEY = "msportal_visitor_id"


def get_visitor_id(request, *, create=False):
    """The visitor id of this browser session, or "" when there is none and create is False."""
    visitor_id = request.session.get(SESSION_KEY, "")
    if not visitor_id and create:
        visitor_id = str(uuid.uuid4())
        request.session[SESSION_KEY] = visitor_id
    return visitor_id


def learner(request, *, create=False) -> dict:
    """Who the current learner is, as the services take it: the account, else the visitor id.

    `create` gives an anonymous visitor an id (when they start something they will own).
    """
    if request.user.is_authenticated:
        return {"user": request.user, "visitor_id": ""}
    return {"user": None, "visitor_id": get_visitor_id(request, create=create)}


def owned_by(*, user=None, visitor_id="", prefix="") -> dict | None:
    """Keyword lookups for the rows a learner owns: the account's, else the visitor id's.

    An anonymous learner's rows have no user. The same keywords create a row for them
    (`get_or_create`). Returns None when there is nobody (no account and no visitor id).
    """
    if user is not None and user.is_authenticated:
        return {f"{prefix}user": user}
    if visitor_id:
        return {f"{prefix}user": None, f"{prefix}visitor_id": visitor_id}
    return None


def owner_filter(request, *, prefix=""):
    """Keyword filter selecting rows owned by the current learner (account or visitor).

    Returns None when an anonymous request has no visitor id yet (it owns nothing).
    """
    return owned_by(**learner(request), prefix=prefix)
