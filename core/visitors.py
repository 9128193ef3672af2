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


def owner_filter(request, *, prefix=""):
    """Keyword filter selecting rows owned by the current learner (account or visitor).

    Returns None when an anonymous request has no visitor id yet (it owns nothing).
    """
    if request.user.is_authenticated:
        return {f"{prefix}user": request.user}
    visitor_id = get_visitor_id(request)
    if not visitor_id:
        return None
    return {f"{prefix}user__isnull": True, f"{prefix}visitor_id": visitor_id}
