"""The words of each message, in plain language; nothing about health beyond a title.

Each function writes one kind of message for one person and queues it (compose.queue_message,
once per person and event). Each is written in the recipient's language and time zone
(`addressed_to`), whoever's request or worker sends it: the words, the subject and both bodies
in the language their account keeps (accounts.languages; the site's when none), the links to
that language's pages (/es/… for Spanish), dates in words with the zone named, as pages write
them (`core.timezones.when`).
"""

import functools

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.languages import in_language_of
from core import timezones
from notifications.compose import Message, queue_message
from notifications.links import site_url
from notifications.models import Kind


def addressed_to(recipient: str):
    """Write the message in the language and zone of the person passed as keyword
    `recipient`: the one place every message gets them, subject, bodies and links alike."""

    def decorate(write):
        @functools.wraps(write)
        def in_their_words(**kwargs):
            person = kwargs[recipient]
            with in_language_of(person), timezones.account_zone(person):
                return write(**kwargs)

        return in_their_words

    return decorate


def when(value) -> str:
    """A date and time in the active zone, named: "Friday 3 December 2027, 17:00 CET"."""
    return timezones.when(value, "l j F Y, H:i")


def assignment_link(assignment) -> tuple[str, str]:
    path = reverse("groups:assignment-detail", args=[assignment.group_id, assignment.pk])
    return (_("Open the assignment"), site_url(path))


def _due_words(due_at) -> str:
    if not due_at:
        return _("No due date.")
    return _("Due: %(when)s (your time zone: %(zone)s).") % {
        "when": when(due_at),
        "zone": timezones.zone_label(timezone.get_current_timezone_name()),
    }


@addressed_to("user")
def new_assignment(*, user, assignment, due_at):
    message = Message(
        subject=_("New assignment: %(title)s") % {"title": assignment.quiz.title},
        paragraphs=[
            _("Your educator gave your group “%(group)s” a new assignment: %(title)s.")
            % {"group": assignment.group.name, "title": assignment.quiz.title},
            _due_words(due_at),
        ],
        links=[assignment_link(assignment)],
    )
    return queue_message(
        user=user, kind=Kind.NEW_ASSIGNMENT, event=f"assignment:{assignment.pk}", message=message
    )


@addressed_to("user")
def due_changed(*, user, assignment, due_at):
    message = Message(
        subject=_("New due date: %(title)s") % {"title": assignment.quiz.title},
        paragraphs=[
            _("Your educator changed the due date of %(title)s.")
            % {"title": assignment.quiz.title},
            _due_words(due_at),
        ],
        links=[assignment_link(assignment)],
    )
    stamp = due_at.isoformat() if due_at else "none"
    return queue_message(
        user=user, kind=Kind.DUE_CHANGED, event=f"due:{assignment.pk}:{stamp}", message=message
    )


@addressed_to("user")
def reminder(*, user, assignment, due_at):
    message = Message(
        subject=_("Reminder: %(title)s is due in two days") % {"title": assignment.quiz.title},
        paragraphs=[
            _("%(title)s is due in two days.") % {"title": assignment.quiz.title},
            _due_words(due_at),
            _("If you need more time, you can pause the assignment on its page."),
        ],
        links=[assignment_link(assignment)],
    )
    return queue_message(
        user=user,
        kind=Kind.REMINDER,
        event=f"reminder:{assignment.pk}:{due_at.isoformat()}",
        message=message,
    )


@addressed_to("educator")
def hold_alert(*, educator, hold, learner_name):
    assignment = hold.assignment
    message = Message(
        subject=_("%(name)s paused an assignment") % {"name": learner_name},
        paragraphs=[
            _("%(name)s paused %(title)s in your group “%(group)s”.")
            % {
                "name": learner_name,
                "title": assignment.quiz.title,
                "group": assignment.group.name,
            },
            _("Their due date moves on by the days it stays paused."),
        ],
        links=[assignment_link(assignment)],
    )
    return queue_message(
        user=educator, kind=Kind.HOLD_ALERT, event=f"hold:{hold.pk}", message=message
    )


@addressed_to("reviewer")
def review_waiting(*, reviewer, item, admin_url, move_id):
    message = Message(
        subject=_("Waiting for your review: %(title)s") % {"title": str(item)},
        paragraphs=[
            _("“%(title)s” was sent to review and waits for a medical reviewer.")
            % {"title": str(item)},
        ],
        links=[(_("Open it in the admin"), site_url(admin_url))],
    )
    event = f"review:{item._meta.label_lower}:{item.pk}:{move_id}"
    return queue_message(user=reviewer, kind=Kind.REVIEW_WAITING, event=event, message=message)


@addressed_to("educator")
def submissions_digest(*, educator, day: str, groups: list[tuple[str, int]]):
    items = [
        ngettext("%(group)s: %(count)d new result", "%(group)s: %(count)d new results", count)
        % {"group": name, "count": count}
        for name, count in groups
    ]
    message = Message(
        subject=_("New results in your groups"),
        paragraphs=[_("Learners handed in these results in the last day.")],
        items=items,
        links=[(_("Open my groups"), site_url(reverse("groups:group-list")))],
    )
    return queue_message(
        user=educator, kind=Kind.SUBMISSIONS_DIGEST, event=f"digest:{day}", message=message
    )


@addressed_to("editor")
def editor_digest(*, editor, week: str, reviews: list[str], broken: list[str]):
    paragraphs = [
        ngettext(
            "%(count)d lesson needs its medical review soon.",
            "%(count)d lessons need their medical review soon.",
            len(reviews),
        )
        % {"count": len(reviews)},
        ngettext(
            "%(count)d source link is broken.", "%(count)d source links are broken.", len(broken)
        )
        % {"count": len(broken)},
    ]
    message = Message(
        subject=_("This week: reviews due and broken links"),
        paragraphs=paragraphs,
        items=reviews + broken,
        links=[(_("Open the admin"), site_url(reverse("admin:index")))],
    )
    return queue_message(
        user=editor, kind=Kind.EDITOR_DIGEST, event=f"editor:{week}", message=message
    )
