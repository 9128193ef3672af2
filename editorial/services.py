"""Feedback, its rate limit and the editors' queue; glossary terms for lesson pages."""

import logging
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from core.clientip import client_ip
from core.ratelimit import hit
from editorial.models import Feedback, FeedbackStatus, GlossaryTerm, SitePage
from learn.models import FAQ, Article
from publishing.rendering import GlossaryEntry

logger = logging.getLogger("msportal.editorial")

# At most this many feedback posts per window, per address and per browser session.
FEEDBACK_RATE_LIMIT = 5
FEEDBACK_RATE_WINDOW = 10 * 60


def _rate_settings():
    limit, window = getattr(
        settings, "FEEDBACK_RATE_LIMIT", (FEEDBACK_RATE_LIMIT, FEEDBACK_RATE_WINDOW)
    )
    return int(limit), int(window)


def feedback_rate_limit(request) -> int:
    """Count this feedback post; return 0 if it may go ahead, else the seconds to wait.

    Counted per client address and, when the browser already has a session, per session. A
    session is never created just for this: a reader without one is limited by address.
    """
    limit, window = _rate_settings()
    keys = [("feedback-ip", client_ip(request) or "unknown")]
    if request.session.session_key:
        keys.append(("feedback-session", request.session.session_key))
    wait = 0
    for scope, value in keys:
        count, retry_after = hit(scope, value, window)
        if count is not None and count > limit:
            wait = max(wait, retry_after)
    return wait


def page_title(page) -> str:
    title = page.question if isinstance(page, FAQ) else page.title
    return title[: Feedback._meta.get_field("page_title").max_length]


@transaction.atomic
def feedback_create(
    *,
    page: Article | FAQ | SitePage,
    helpful: bool | None,
    kind: str = "",
    message: str = "",
    contact_user=None,
) -> Feedback:
    """Store a reader's feedback about a page. Nothing about the reader is kept except, when
    they were signed in and asked to be contacted, a link to their account."""
    feedback = Feedback(
        page_title=page_title(page),
        helpful=helpful,
        kind=kind,
        message=message,
        user=contact_user,
    )
    if isinstance(page, Article):
        feedback.article = page
    elif isinstance(page, FAQ):
        feedback.faq = page
    elif isinstance(page, SitePage):
        feedback.site_page = page
    else:
        raise TypeError(f"Feedback cannot be about a {type(page).__name__}.")
    feedback.full_clean()
    feedback.save()
    return feedback


@transaction.atomic
def feedback_set_status(*, items: QuerySet[Feedback], status: str, by) -> int:
    """Move feedback to a new status; returns how many changed.

    Closing records who closed it and when (items already closed keep their first closer);
    moving back to new or in progress clears both.
    """
    if status == FeedbackStatus.CLOSED:
        return items.exclude(status=FeedbackStatus.CLOSED).update(  # not a publishing status
            status=status, closed_at=timezone.now(), closed_by=by
        )
    if status in {FeedbackStatus.NEW, FeedbackStatus.IN_PROGRESS}:
        return items.exclude(status=status).update(  # not a publishing status
            status=status, closed_at=None, closed_by=None
        )
    raise ValueError(f"Unknown feedback status {status!r}.")


@transaction.atomic
def feedback_delete_closed(*, closed_before: datetime) -> int:
    """Delete feedback closed before the given time (the privacy page promises this)."""
    deleted, _per_model = Feedback.objects.filter(
        status=FeedbackStatus.CLOSED, closed_at__lt=closed_before
    ).delete()
    return deleted


def glossary_entries(request=None, language=None) -> list[GlossaryEntry]:
    """Published glossary terms for the linker, A to Z, in `language` (default: the site's):
    one query, then kept on the request.

    The terms follow the language of the text they explain, not the page's: a Spanish lesson
    gets the Spanish terms, and an English lesson shown on a Spanish page (no translation yet)
    the English ones, so a definition is always in the language of the word it explains. A
    term with no published translation is left out of the Spanish list: its English
    definition would sit in Spanish text, and its English word rarely appears there anyway.
    """
    language = language or settings.LANGUAGE_CODE
    attribute = f"_editorial_glossary_entries_{language}"
    cached = getattr(request, attribute, None)
    if cached is not None:
        return cached
    glossary_url = reverse("editorial:glossary")
    terms = GlossaryTerm.objects.published_any_locale().filter(
        locale__in={settings.LANGUAGE_CODE, language}
    )
    terms = list(
        terms.only("slug", "term", "also_matches", "short_definition", "locale", "translation_key")
    )
    if language != settings.LANGUAGE_CODE:
        # A translation counts only while its source is published too (as on every page).
        sources = {term.translation_key for term in terms if term.locale != language}
        terms = [t for t in terms if t.locale == language and t.translation_key in sources]
    entries = [
        GlossaryEntry(
            slug=term.slug,
            term=term.term,
            variants=tuple(term.variants),
            definition=term.short_definition,
            url=f"{glossary_url}#{term.slug}",
        )
        for term in terms
    ]
    if request is not None:
        setattr(request, attribute, entries)
    return entries
