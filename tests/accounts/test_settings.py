"""The account settings page: display name, email address (password asked again), links."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from accounts.account_fields import DISPLAY_NAME_MAX
from core.people import shown_name
from tests.factories import make_user
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db

SETTINGS = "/accounts/settings/"
NAME = "/accounts/settings/name/"
EMAIL = "/accounts/settings/email/"
PASSWORD = "a-long-test-password"
HERE = "198.51.100.7"


@pytest.fixture
def ana(client):
    user = make_user(username="ana", password=PASSWORD)
    client.force_login(user)
    return user


def test_settings_page_links_to_every_setting(client, ana):
    response = client.get(SETTINGS)

    html = response.text
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    for href in (
        NAME,
        EMAIL,
        "/accounts/password_change/",
        "/accounts/me/extra-time/",
        "/display/",
        "/accounts/me/api-tokens/new/",
        "/accounts/me/export.json",
        "/accounts/me/delete/",
        "/accounts/me/",
    ):
        assert f'="{href}' in html, href
    assert 'value="ana@example.org"' in html


def test_my_progress_links_to_settings_and_no_longer_holds_its_forms(client, ana):
    html = client.get("/accounts/me/").text

    assert f'href="{SETTINGS}"' in html
    assert "/accounts/me/extra-time/" not in html
    assert "api-tokens-heading" not in html


def test_settings_page_needs_a_login(client):
    assert client.get(SETTINGS)["Location"] == f"/accounts/login/?next={SETTINGS}"
    assert client.post(EMAIL, {"email": "x@example.org"}).status_code == 302


def test_saving_a_display_name_trims_it_and_educators_see_it(client, ana):
    response = client.post(NAME, {"display_name": "  Ana   María  "})

    ana.refresh_from_db()
    assert response["Location"] == SETTINGS
    assert (ana.first_name, ana.last_name) == ("Ana María", "")
    assert shown_name(ana) == "Ana María"
    assert "Educators of your groups see you as <strong>Ana María</strong>" in (
        client.get(SETTINGS).text
    )


def test_an_empty_display_name_falls_back_to_the_username(client, ana):
    ana.first_name, ana.last_name = "Old", "Name"
    ana.save()

    client.post(NAME, {"display_name": "   "})

    ana.refresh_from_db()
    assert (ana.first_name, ana.last_name) == ("", "")
    assert shown_name(ana) == "ana"


def test_a_too_long_display_name_is_refused_and_nothing_changes(client, ana):
    response = client.post(NAME, {"display_name": "A" * (DISPLAY_NAME_MAX + 1)})

    ana.refresh_from_db()
    assert response.status_code == 400
    assert f"Use {DISPLAY_NAME_MAX} characters or fewer" in response.text
    assert 'id="id_display_name_error"' in response.text
    assert ana.first_name == ""


def test_a_display_name_is_text_not_markup(client, ana):
    client.post(NAME, {"display_name": "<b>Ana</b>"})

    html = client.get(SETTINGS).text
    assert "&lt;b&gt;Ana&lt;/b&gt;" in html
    assert "<b>Ana</b>" not in html


def _run_worker():
    run_queued_tasks()


def _confirmation_link():
    [message] = mail.outbox
    return re.search(r"http://\S+?(/accounts/email/confirm/\S+/)", message.body).group(1)


def test_a_new_email_is_used_only_after_the_link_sent_to_it_is_confirmed(client, ana):
    response = client.post(EMAIL, {"email": "Ana.New@EXAMPLE.org", "password": PASSWORD})

    ana.refresh_from_db()
    assert response["Location"] == SETTINGS
    assert ana.email == "ana@example.org"  # not yet
    _run_worker()
    [message] = mail.outbox
    assert message.to == ["Ana.New@example.org"]
    link = _confirmation_link()
    client.logout()  # the link works without logging in
    page = client.get(link)
    assert page.status_code == 200 and "Ana.New@example.org" in page.text
    ana.refresh_from_db()
    assert ana.email == "ana@example.org"  # a GET (a mail scanner) changes nothing
    assert client.post(link)["Location"] == "/accounts/login/"
    ana.refresh_from_db()
    assert ana.email == "Ana.New@example.org"
    # The link is spent: the account's address is no longer the one it was made for.
    assert client.post(link).status_code == 400


def test_a_tampered_or_overtaken_confirmation_link_changes_nothing(client, ana):
    client.post(EMAIL, {"email": "new@example.org", "password": PASSWORD})
    _run_worker()
    link = _confirmation_link()
    assert client.post(link[:-3] + "xx/").status_code == 400
    get_user_model().objects.create_user("bea2", email="new@example.org")  # took it meanwhile
    assert client.post(link).status_code == 400
    ana.refresh_from_db()
    assert ana.email == "ana@example.org"


def test_the_email_can_be_removed(client, ana):
    client.post(EMAIL, {"email": "", "password": PASSWORD})

    ana.refresh_from_db()
    assert ana.email == ""


def test_a_wrong_password_changes_no_email_and_counts_as_a_failed_login(client, ana):
    for _ in range(4):
        response = client.post(EMAIL, {"email": "thief@example.org", "password": "wrong"})
        assert response.status_code == 400
        assert "That is not your password." in response.text
    fifth = client.post(EMAIL, {"email": "thief@example.org", "password": "wrong"})
    sixth = client.post(EMAIL, {"email": "thief@example.org", "password": PASSWORD})

    ana.refresh_from_db()
    assert fifth.status_code == 429 and sixth.status_code == 429
    assert sixth["Retry-After"] == "900"
    assert ana.email == "ana@example.org"


def test_an_email_another_account_has_is_refused_whatever_its_case(client, ana):
    make_user(username="bea")

    response = client.post(EMAIL, {"email": "BEA@Example.org", "password": PASSWORD})

    ana.refresh_from_db()
    assert response.status_code == 400
    assert "Another account already uses this email address." in response.text
    assert ana.email == "ana@example.org"


def test_keeping_my_own_email_in_another_case_is_allowed(client, ana):
    response = client.post(EMAIL, {"email": "ANA@example.org", "password": PASSWORD})

    ana.refresh_from_db()
    assert response.status_code == 302
    assert ana.email == "ANA@example.org"


def test_a_malformed_email_is_refused(client, ana):
    response = client.post(EMAIL, {"email": "not an address", "password": PASSWORD})

    ana.refresh_from_db()
    assert response.status_code == 400
    assert 'id="id_email_error"' in response.text
    assert ana.email == "ana@example.org"


@pytest.mark.parametrize(("url", "data"), [(NAME, {"display_name": "X"}), (EMAIL, {"email": ""})])
def test_settings_forms_need_the_csrf_token(url, data):
    user = make_user(username="cy", password=PASSWORD)
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(user)

    response = csrf_client.post(url, data | {"password": PASSWORD})

    user.refresh_from_db()
    assert response.status_code == 403
    assert (user.first_name, user.email) == ("", "cy@example.org")


def test_settings_forms_accept_post_only(client, ana):
    assert client.get(NAME).status_code == 405
    assert client.get(EMAIL).status_code == 405
    assert get_user_model().objects.get(pk=ana.pk).email == "ana@example.org"


def test_settings_page_runs_a_fixed_number_of_queries(client, ana, django_assert_max_num_queries):
    # session, user, profile, API tokens, review setting
    with django_assert_max_num_queries(5):
        assert client.get(SETTINGS).status_code == 200
