"""Learners' messages end to end: signal → Delivery → queue → worker → a real SMTP server."""

import datetime
import re

import pytest
from django.utils import timezone

from groups import services
from groups.models import Membership
from notifications.models import Delivery, DeliveryStatus, Preference
from tests.factories import make_user
from tests.notifications.conftest import run_worker

DUE = datetime.datetime(2027, 3, 5, 17, 0, tzinfo=datetime.UTC)


def assign(group, educator, quiz, due_at=DUE):
    return services.assignment_create(group=group, educator=educator, quiz=quiz, due_at=due_at)


def test_a_new_assignment_reaches_the_learner_with_title_due_date_and_link(
    smtp, group, educator, quiz
):
    assignment = assign(group, educator, quiz)
    assert smtp.messages == []  # queued, not sent inside the request
    run_worker()

    [message] = smtp.to("sam@example.org")
    assert message["Subject"] == "New assignment: Gut and brain basics"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Gut and brain basics" in text and "Friday 5 March 2027, 17:00 UTC" in text
    link = f"http://testserver/groups/{group.pk}/assignments/{assignment.pk}/"
    assert link in text and f'href="{link}"' in html
    # The same words in both bodies, and nothing hidden in the HTML: no images, no tracking.
    words = re.sub(r"<[^>]+>", "", html)
    for line in filter(None, (line.strip() for line in text.splitlines())):
        if line != "--":
            assert " ".join(line.split()) in " ".join(words.split()).replace("&#x27;", "'")
    assert "<img" not in html and 'lang="en"' in html
    # One-click unsubscribe (RFC 8058) and a link to the settings.
    assert re.fullmatch(r"<http://testserver/notifications/unsubscribe/[^>]+/>",
                        message["List-Unsubscribe"])  # fmt: skip
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "http://testserver/notifications/" in text


def test_nothing_without_consent_or_email_and_nothing_twice(smtp, group, educator, quiz):
    no_consent = make_user(username="quiet")
    no_email = make_user(username="noemail")
    no_email.email = ""
    no_email.save()
    Preference.objects.create(user=no_email, consent=True)
    for user in (no_consent, no_email):
        Membership.objects.create(group=group, user=user)
    assignment = assign(group, educator, quiz)
    run_worker()
    assert [m["To"] for m in smtp.messages] == ["sam@example.org"]

    # The same event again (a second signal) records and sends nothing more.
    from notifications import notices

    learner = Membership.objects.get(group=group, user__username="sam").user
    assert notices.new_assignment(user=learner, assignment=assignment, due_at=DUE) is None
    run_worker()
    assert len(smtp.messages) == 1


def test_a_changed_due_date_is_announced(smtp, group, educator, quiz):
    assignment = assign(group, educator, quiz)
    services.assignment_update(
        assignment=assignment, educator=educator, due_at=DUE + datetime.timedelta(days=7)
    )
    # Saving again without a new date says nothing.
    services.assignment_update(
        assignment=assignment, educator=educator, due_at=DUE + datetime.timedelta(days=7)
    )
    run_worker()
    subjects = [m["Subject"] for m in smtp.to("sam@example.org")]
    assert subjects == [
        "New assignment: Gut and brain basics",
        "New due date: Gut and brain basics",
    ]
    body = smtp.messages[1].get_body(("plain",)).get_content()
    assert "Friday 12 March 2027, 17:00 UTC" in body


def test_an_educator_is_told_of_a_hold_without_a_reason(smtp, group, educator, learner, quiz):
    assignment = assign(group, educator, quiz)
    services.hold_start(assignment=assignment, user=learner)
    run_worker()
    [alert] = smtp.to("nurse@example.org")
    assert alert["Subject"] == "Sam paused an assignment"
    assert "reason" not in alert.get_body(("plain",)).get_content().lower()


def test_a_failing_server_is_retried_with_back_off_then_marked_failed(
    settings, smtp, group, educator, quiz
):
    from django_tasks_db.models import DBTaskResult

    settings.MAILERS["default"]["OPTIONS"]["port"] = 9  # nothing listens: connection refused
    settings.NOTIFICATIONS_SEND_ATTEMPTS = 3
    settings.NOTIFICATIONS_RETRY_SECONDS = 60
    assign(group, educator, quiz)
    delivery = Delivery.objects.get()
    waits = []
    for _try in range(3):
        run_worker()
        delivery.refresh_from_db()
        later = DBTaskResult.objects.filter(status="READY").first()
        if later:
            waits.append(later.run_after - timezone.now())
            later.run_after = timezone.now()  # the wait is over
            later.save(update_fields=["run_after"])
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 3
    assert "ConnectionRefusedError" in delivery.last_error
    # Waits of about 60 s, then 120 s.
    assert [round(w.total_seconds(), -1) for w in waits] == [60, 120]
    failed = DBTaskResult.objects.filter(status="FAILED")
    assert failed.count() == 1 and "SendFailed" in failed.get().exception_class_path


@pytest.mark.parametrize("method", ["get", "post"])
def test_unsubscribe_works_without_logging_in(client, smtp, group, educator, quiz, method):
    assign(group, educator, quiz)
    run_worker()
    url = smtp.messages[0]["List-Unsubscribe"].strip("<>").removeprefix("http://testserver")
    if method == "get":
        page = client.get(url)
        assert page.status_code == 200 and b"Stop these emails" in page.content
        assert Preference.objects.get(user__username="sam").muted == []
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Preference.objects.get(user__username="sam").muted == ["new_assignment"]


@pytest.mark.parametrize("token", ["nonsense", "eyJ1IjoxLCJrIjoibmV3X2Fzc2lnbm1lbnQifQ:x:y"])
def test_a_made_up_unsubscribe_link_changes_nothing(client, learner, token):
    response = client.post(f"/notifications/unsubscribe/{token}/")
    assert response.status_code == 400
    assert Preference.objects.get(user=learner).muted == []


def test_a_failed_message_is_listed_in_the_admin_with_its_task(
    client, settings, smtp, group, educator, quiz
):
    settings.MAILERS["default"]["OPTIONS"]["port"] = 9
    settings.NOTIFICATIONS_SEND_ATTEMPTS = 1
    assign(group, educator, quiz)
    run_worker()
    client.force_login(make_user(is_staff=True, is_superuser=True))
    deliveries = client.get("/admin/notifications/delivery/?status__exact=failed").text
    assert "New assignment: Gut and brain basics" in deliveries
    tasks = client.get("/admin/django_tasks_database/dbtaskresult/?status__exact=FAILED").text
    assert "send_delivery" in tasks
