"""Django's own login, logout, password reset and change views with our templates."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.languages import profile_save_language
from tests.factories import make_user

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def test_login_page_has_labelled_fields_and_a_csrf_token(client):
    response = client.get(LOGIN, {"next": "/learn/"})

    html = response.text
    assert response.status_code == 200
    assert '<label for="id_username">' in html and '<label for="id_password">' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<input type="hidden" name="next" value="/learn/">' in html
    assert f'href="{reverse("accounts:signup")}?next=/learn/"' in html
    assert reverse("password_reset") in html


def test_login_without_a_csrf_token_is_refused():
    make_user(username="ana", password="a-long-test-password")
    csrf_client = Client(enforce_csrf_checks=True)

    response = csrf_client.post(LOGIN, {"username": "ana", "password": "a-long-test-password"})

    assert response.status_code == 403
    assert "_auth_user_id" not in csrf_client.session


def test_login_goes_on_to_a_safe_next_address(client):
    make_user(username="ana", password="a-long-test-password")

    response = client.post(
        LOGIN, {"username": "ana", "password": "a-long-test-password", "next": "/quizzes/"}
    )

    assert response["Location"] == "/quizzes/"


def test_login_ignores_a_next_address_on_another_site(client):
    make_user(username="ana", password="a-long-test-password")

    response = client.post(
        LOGIN,
        {"username": "ana", "password": "a-long-test-password", "next": "https://evil.example/"},
    )

    assert response["Location"] == reverse("learn:home")


def test_a_wrong_password_shows_an_error_linked_to_the_form(client):
    make_user(username="ana", password="a-long-test-password")

    response = client.post(LOGIN, {"username": "ana", "password": "wrong"})

    assert response.status_code == 200
    assert 'id="form-errors"' in response.text
    assert 'aria-describedby="form-errors"' in response.text
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post_that_ends_the_session(client):
    client.force_login(make_user())

    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")

    assert response["Location"] == reverse("learn:home")
    assert "_auth_user_id" not in client.session


def test_password_reset_emails_a_link_that_sets_a_new_password(client):
    make_user(username="ana", password="old-test-password")

    response = client.post(reverse("password_reset"), {"email": "ana@example.org"})

    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Set a new password for msportal"
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(
        form_url,
        {"new_password1": "fresh-orchard-window-7", "new_password2": "fresh-orchard-window-7"},
    )
    assert response["Location"] == reverse("password_reset_complete")
    assert get_user_model().objects.get(username="ana").check_password("fresh-orchard-window-7")


def test_password_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})

    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_an_old_reset_link_says_so_plainly(client):
    response = client.get("/accounts/reset/MQ/set-password/")

    assert "This link does not work any more" in response.text


def test_password_change_needs_login(client):
    response = client.get(reverse("password_change"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_password_change_sets_the_new_password(client):
    user = make_user(password="old-test-password")
    client.force_login(user)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": "old-test-password",
            "new_password1": "fresh-orchard-window-7",
            "new_password2": "fresh-orchard-window-7",
        },
    )

    assert response["Location"] == reverse("password_change_done")
    user.refresh_from_db()
    assert user.check_password("fresh-orchard-window-7")


SUBJECT_ES = "Establecer una contraseña nueva para msportal"


@pytest.mark.parametrize(
    ("stored", "page", "subject", "prefix"),
    [
        ("es", "/accounts/password_reset/", SUBJECT_ES, "/es/"),
        ("en", "/es/accounts/password_reset/", "Set a new password for msportal", "/"),
        ("", "/es/accounts/password_reset/", SUBJECT_ES, "/es/"),
        ("", "/accounts/password_reset/", "Set a new password for msportal", "/"),
    ],
)
def test_the_reset_email_is_in_the_accounts_language_else_the_pages(
    client, stored, page, subject, prefix
):
    user = make_user(username="ana", password="old-test-password")
    if stored:
        profile_save_language(user=user, language=stored)

    response = client.post(page, {"email": "ana@example.org"})

    assert response.status_code == 302
    message = mail.outbox[0]
    assert message.subject == subject
    link = re.search(r"http://testserver(/\S+/)", message.body).group(1)
    assert link.startswith(f"{prefix}accounts/reset/")
    # The link opens the form to set a new password, in that language.
    form_url = client.get(link)["Location"]
    assert client.get(form_url).headers["Content-Language"] == (prefix.strip("/") or "en")
