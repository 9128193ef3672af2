"""Messages are written in the recipient's language: the words of the subject and both bodies,
and links to that language's pages (/es/… for Spanish), whoever's request sends them.

The educator assigns from an English page; one learner keeps Spanish on their account, one
keeps English and one chose none yet (the site's language). Real SMTP server (conftest)."""

import datetime
import re

import pytest
from django.test import Client
from django.utils.translation import get_language

from accounts.languages import profile_save_language
from groups import services
from groups.models import Membership
from tests.factories import make_user
from tests.notifications.conftest import consenting, run_worker

DUE = datetime.datetime(2027, 3, 5, 17, 0, tzinfo=datetime.UTC)


def bodies(message):
    return message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()


@pytest.fixture
def spanish_learner(group):
    lucia = consenting(make_user(username="lucia", first_name="Lucía"))
    Membership.objects.create(group=group, user=lucia)
    profile_save_language(user=lucia, language="es")
    return lucia


def test_a_spanish_speaking_learner_gets_the_new_assignment_in_spanish(
    smtp, group, educator, learner, spanish_learner, quiz
):
    profile_save_language(user=learner, language="en")
    assignment = services.assignment_create(group=group, educator=educator, quiz=quiz, due_at=DUE)
    assert get_language() == "en"  # the sender's language is left as it was
    run_worker()

    [spanish] = smtp.to("lucia@example.org")
    assert spanish["Subject"] == "Tarea nueva: Gut and brain basics"
    text, html = bodies(spanish)
    link = f"http://testserver/es/groups/{group.pk}/assignments/{assignment.pk}/"
    for body in (text, html):
        assert "Su educador ha dado una tarea nueva a su grupo" in body
        assert "Fecha de entrega: viernes 5 marzo 2027, 17:00 UTC" in body
        assert "Abrir la tarea" in body and "Deje de recibir correos como este:" in body
        assert link in body and "http://testserver/es/notifications/" in body
        assert "New assignment" not in body and "Open the assignment" not in body
    assert f'href="{link}"' in html and 'lang="es"' in html
    assert re.fullmatch(r"<http://testserver/es/notifications/unsubscribe/[^>]+/>",
                        spanish["List-Unsubscribe"])  # fmt: skip

    [english] = smtp.to("sam@example.org")
    assert english["Subject"] == "New assignment: Gut and brain basics"
    text, html = bodies(english)
    link = f"http://testserver/groups/{group.pk}/assignments/{assignment.pk}/"
    for body in (text, html):
        assert "Your educator gave your group" in body and "Friday 5 March 2027" in body
        assert link in body and "/es/" not in body and "Tarea" not in body
    assert 'lang="en"' in html
    assert "/es/" not in english["List-Unsubscribe"]


def test_an_account_without_a_language_gets_the_sites_even_when_sent_from_a_spanish_page(
    smtp, settings, group, educator, learner, quiz
):
    """The language comes from the recipient, never from the request that sends the message."""
    browser = Client()
    browser.force_login(educator)
    url = f"/es/groups/{group.pk}/assignments/new/"
    response = browser.post(url, {"quiz": quiz.pk, "due_at": "2027-03-05T17:00"})
    assert response.status_code == 302, response.text
    run_worker()

    [message] = smtp.to("sam@example.org")
    assert message["Subject"] == "New assignment: Gut and brain basics"
    text, html = bodies(message)
    assert "Open the assignment" in text and "http://testserver/es/" not in text + html


def test_the_unsubscribe_link_of_a_spanish_email_opens_a_spanish_page(
    client, smtp, group, educator, spanish_learner, quiz
):
    services.assignment_create(group=group, educator=educator, quiz=quiz, due_at=DUE)
    run_worker()
    [message] = smtp.to("lucia@example.org")
    address = message["List-Unsubscribe"].strip("<>").removeprefix("http://testserver")

    page = client.get(address)
    assert page.status_code == 200
    assert '<html lang="es"' in page.text


def test_a_spanish_speaking_educator_is_told_of_a_hold_in_spanish(
    smtp, group, educator, learner, quiz
):
    """Every kind goes through notices.addressed_to: the educator's alert follows their own
    language, not the learner's whose pause sent it."""
    profile_save_language(user=educator, language="es")
    assignment = services.assignment_create(group=group, educator=educator, quiz=quiz, due_at=DUE)
    services.hold_start(assignment=assignment, user=learner)
    run_worker()

    [alert] = smtp.to("nurse@example.org")
    assert alert["Subject"] == "Sam puso una tarea en pausa"
    text, html = bodies(alert)
    link = f"http://testserver/es/groups/{group.pk}/assignments/{assignment.pk}/"
    assert link in text and f'href="{link}"' in html
    [learners] = smtp.to("sam@example.org")  # the learner chose none: the site's language
    assert learners["Subject"] == "New assignment: Gut and brain basics"
