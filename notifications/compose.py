"""Writing a message and queueing it once: plain text and HTML from the same words.

A message is a subject, a greeting-free list of short paragraphs, an optional list of items
and links. Both bodies are rendered from that one structure (templates/notifications/email/),
so they cannot say different things. They are rendered in the language that is active, which
notices.addressed_to sets to the recipient's. Every message ends with a link to the notification
settings and an unsubscribe link; the headers carry RFC 8058 one-click unsubscribe.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language

from notifications.links import site_url, unsubscribe_url
from notifications.models import Delivery
from notifications.rules import may_email
from notifications.tasks import send_delivery


@dataclass
class Message:
    subject: str
    paragraphs: list[str]
    items: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, absolute URL)


def render_bodies(message: Message, *, user, kind: str) -> tuple[str, str]:
    context = {
        "message": message,
        "settings_url": site_url(reverse("notifications:settings")),
        "unsubscribe_url": unsubscribe_url(user, kind),
        "site_name": settings.MSPORTAL_SITE_NAME,
        # No request here, so no context processor: the language the message is written in.
        "LANGUAGE_CODE": get_language(),
    }
    text = render_to_string("notifications/email/message.txt", context)
    html = render_to_string("notifications/email/message.html", context)
    return text, html


def queue_message(*, user, kind: str, event: str, message: Message) -> Delivery | None:
    """Record the message once per (person, kind, event) and queue its sending.

    Returns None when the person may not get it or it was already recorded (by this or
    another worker): the unique constraint decides, inside a savepoint.
    """
    if not may_email(user, kind):
        return None
    if Delivery.objects.filter(user=user, kind=kind, event=event).exists():
        return None
    text, html = render_bodies(message, user=user, kind=kind)
    try:
        with transaction.atomic():
            delivery = Delivery.objects.create(
                user=user,
                kind=kind,
                event=event,
                to=user.email,
                subject=message.subject[:200],
                body_text=text,
                body_html=html,
            )
    except IntegrityError:
        return None
    # The database queue's row commits (or rolls back) with the delivery's own row. A queue
    # outside the database (RQ) would enqueue in transaction.on_commit instead.
    send_delivery.enqueue(delivery.pk)
    return delivery
