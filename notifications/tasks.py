"""Background task (django.tasks): sending one message, with retries.

The scheduled jobs' task is notifications.scheduler.run_scheduled_job.

A failed send is tried again later, waiting NOTIFICATIONS_RETRY_SECONDS, then twice as long
each time; after NOTIFICATIONS_SEND_ATTEMPTS tries the delivery is marked failed and the task
raises, so it shows as failed in the admin's task results too (never dropped in silence).
"""

import datetime
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from accounts.languages import in_language_of
from notifications.links import unsubscribe_url
from notifications.models import Delivery, DeliveryStatus


class SendFailed(Exception):
    """A message could not be sent after every try."""


def retry_delay(attempts: int) -> datetime.timedelta:
    """Wait before try number attempts + 1: the base, doubled after each failure."""
    return datetime.timedelta(seconds=settings.NOTIFICATIONS_RETRY_SECONDS * 2 ** (attempts - 1))


def build_email(delivery: Delivery) -> EmailMultiAlternatives:
    # The bodies were written in the recipient's language; the header's link goes to the
    # unsubscribe page in that language too.
    with in_language_of(delivery.user):
        unsubscribe = unsubscribe_url(delivery.user, delivery.kind)
    email = EmailMultiAlternatives(
        subject=delivery.subject,
        body=delivery.body_text,
        to=[delivery.to],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    email.attach_alternative(delivery.body_html, "text/html")
    return email


@task()
def send_delivery(delivery_id: int) -> str:
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update().select_related("user").filter(pk=delivery_id)
        ).first()
        if delivery is None or delivery.status != DeliveryStatus.PENDING:
            return "nothing to send"
        delivery.attempts += 1
        try:
            build_email(delivery).send()
        except (smtplib.SMTPException, OSError) as error:
            delivery.last_error = f"{type(error).__name__}: {error}"[:1000]
            if delivery.attempts < settings.NOTIFICATIONS_SEND_ATTEMPTS:
                delivery.save(update_fields=["attempts", "last_error"])
                send_delivery.using(
                    run_after=timezone.now() + retry_delay(delivery.attempts)
                ).enqueue(delivery.pk)
                return f"try {delivery.attempts} failed; trying again later"
            delivery.status = DeliveryStatus.FAILED
            delivery.save(update_fields=["attempts", "last_error", "status"])
            failed = SendFailed(f"delivery {delivery.pk}: {delivery.last_error}")
        else:
            delivery.status, delivery.sent_at = DeliveryStatus.SENT, timezone.now()
            delivery.save(update_fields=["attempts", "status", "sent_at", "last_error"])
            return "sent"
    raise failed
