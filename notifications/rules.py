"""Who may get which message: the one rule every sender asks (`may_email`)."""

from notifications.models import Kind, Preference

# Learners get these only with their consent (opt-in); staff kinds need no opt-in.
LEARNER_KINDS = {Kind.NEW_ASSIGNMENT, Kind.REMINDER, Kind.DUE_CHANGED}


def preference_for(user) -> Preference:
    return Preference.objects.filter(user=user).first() or Preference(user=user)


def may_email(user, kind: str, pref: Preference | None = None) -> bool:
    """True when this person has an email address, consent if needed, and the kind on."""
    if user is None or not user.is_active or not user.email:
        return False
    pref = pref or preference_for(user)
    if kind in LEARNER_KINDS and not pref.consent:
        return False
    return kind not in (pref.muted or [])


def set_kind(*, user, kind: str, on: bool) -> Preference:
    """Turn one kind of message on or off for this person."""
    pref, _created = Preference.objects.get_or_create(user=user)
    muted = set(pref.muted or [])
    (muted.discard if on else muted.add)(kind)
    pref.muted = sorted(muted)
    pref.save(update_fields=["muted"])
    return pref
