"""Template tags for lesson, FAQ and site pages: glossary links, feedback forms, JSON-LD."""

import math
import threading

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from editorial import services
from editorial.forms import FeedbackForm
from editorial.models import FeedbackKind, SitePage
from editorial.structured_data import json_ld_script, lesson_structured_data
from learn.models import FAQ, Article
from publishing.rendering import link_glossary_terms

register = template.Library()


@register.simple_tag(takes_context=True)
def glossary_linked(context, html, language=None):
    """Stored, sanitised lesson HTML with the first use of each glossary term explained, by
    the terms in `language`: the language of the text (default: the site's).

    The terms are read once per request (services.glossary_entries); everything the linker
    adds is escaped, so the result is as safe as the stored HTML it starts from.
    """
    entries = services.glossary_entries(context.get("request"), language)
    return mark_safe(link_glossary_terms(html or "", entries))  # noqa: S308


def _feedback_identity(page):
    """The box's kind, id prefix, question and heading, and the addresses it uses."""
    if isinstance(page, Article):
        kind, prefix, question = "lesson", "lesson", _("Was this lesson helpful?")
    elif isinstance(page, FAQ):
        kind, prefix, question = "faq", f"faq-{page.slug}", _("Was this answer helpful?")
    elif isinstance(page, SitePage):
        kind, prefix, question = "page", "page", _("Was this page helpful?")
    else:
        raise TypeError(f"No feedback form for a {type(page).__name__}.")
    heading = question
    if isinstance(page, SitePage) and page.slug == "contact":
        # On the contact page the form is the point of the page: its heading says so.
        heading = _("Send us a message")
    return {
        "feedback_action": reverse("editorial:feedback", args=[kind, page.pk]),
        "feedback_prefix": prefix,
        "feedback_question": question,
        "feedback_heading": heading,
        "feedback_compact": kind == "faq",
        "feedback_page_url": page.get_absolute_url(),
    }


def feedback_box_context(page, *, form=None, sent=False, retry_after=0):
    """What templates/editorial/_feedback.html needs for a page, in the page and in htmx."""
    form = form or FeedbackForm()
    values = form.data if form.is_bound else {}
    return {
        **_feedback_identity(page),
        "form": form,
        "values": values,
        "open_more": bool(values.get("kind") or values.get("message") or form.errors),
        "kinds": FeedbackKind.choices,
        "message_max": form.fields["message"].max_length,
        "sent": sent,
        "retry_minutes": max(1, math.ceil(retry_after / 60)) if retry_after else 0,
    }


# What differs between two boxes of one kind on a page (the FAQ page has one per answer).
_PER_ITEM = ("feedback_action", "feedback_prefix", "feedback_page_url")


# An empty box of one kind is the same for every visitor of a language who is signed in (or
# not), but for its CSRF token: each process keeps it with a placeholder for the token, filled
# in for each request (not with DEBUG on, so template edits show on the next reload).
_CSRF = "\x00csrf_token\x00"
_BOXES: dict[tuple, str] = {}
_BOXES_LIMIT = 200
_boxes_lock = threading.Lock()


def _empty_box(context, page, box, csrf_token):
    """The box with placeholders for its item's values (and for the CSRF token when given)."""
    user = context.get("user")

    def render():
        placeholders = {name: f"\x00{name}\x00" for name in _PER_ITEM}
        values = {
            "csrf_token": _CSRF if csrf_token else context.get("csrf_token"),
            "user": user,
            "request": context.get("request"),
            **feedback_box_context(page),
            **placeholders,
        }
        template_ = context.template.engine.get_template("editorial/_feedback.html")
        return template_.render(context.new(values))

    if not csrf_token:
        return render()
    key = (get_language(), bool(user and user.is_authenticated), *(box[k] for k in _SHARED))
    rendered = _BOXES.get(key)
    if rendered is None:
        rendered = render()
        if not settings.DEBUG:
            with _boxes_lock:
                if len(_BOXES) >= _BOXES_LIMIT:
                    _BOXES.clear()
                _BOXES[key] = rendered
    return rendered.replace(_CSRF, conditional_escape(csrf_token))


# What the box's template reads besides the per-item values, the user and the CSRF token.
_SHARED = ("feedback_question", "feedback_heading", "feedback_compact")


@register.simple_tag(takes_context=True)
def feedback_box(context, page):
    """The "Was this helpful? / Report a problem" form for a lesson, FAQ or site page.

    The FAQ page shows one per answer. Rendering the form each time was most of that page's
    work, so a page renders the box once per kind with placeholders and fills in each item's
    address and ids (escaped, as the template would); the empty box of a kind is also kept
    per process and language, its CSRF token filled in for each request.
    """
    box = _feedback_identity(page)
    key = ("feedback_box", box["feedback_question"], box["feedback_heading"])
    rendered = context.render_context.get(key)
    if rendered is None:
        token = context.get("csrf_token")
        token = str(token) if token and str(token) != "NOTPROVIDED" else ""
        rendered = _empty_box(context, page, box, token)
        context.render_context[key] = rendered
    for name in _PER_ITEM:
        rendered = rendered.replace(f"\x00{name}\x00", conditional_escape(box[name]))
    return mark_safe(rendered)  # noqa: S308 - the template's output, values escaped above


@register.simple_tag(takes_context=True)
def lesson_json_ld(context, article, citations):
    """The lesson's schema.org MedicalWebPage description as a JSON-LD script element."""
    request = context.get("request")
    base_url = request.build_absolute_uri("/") if request is not None else "/"
    data = lesson_structured_data(article=article, citations=citations, base_url=base_url)
    return json_ld_script(data)
