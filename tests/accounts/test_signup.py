import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from accounts.account_fields import DISPLAY_NAME_MAX
from tests.factories import make_user

pytestmark = pytest.mark.django_db

SIGNUP = "/accounts/signup/"
GOOD = {
    "username": "newbie",
    "email": "",
    "password1": "river-lamp-cactus-93",
    "password2": "river-lamp-cactus-93",
}


def test_signup_page_has_labelled_fields_with_linked_help(client):
    response = client.get(SIGNUP)

    assert response.status_code == 200
    html = response.text
    for name in ("username", "display_name", "email", "password1", "password2"):
        assert f'<label for="id_{name}">' in html
        assert f'aria-describedby="id_{name}_helptext"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "style=" not in html and "<script>" not in html


def test_signup_creates_the_account_and_logs_in(client):
    response = client.post(SIGNUP, GOOD)

    user = get_user_model().objects.get(username="newbie")
    assert response.status_code == 302
    assert response["Location"] == reverse("learn:home")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert user.email == ""
    assert (user.first_name, user.last_name) == ("", "")
    assert not user.is_staff


def test_signup_keeps_an_email_address_when_given(client):
    client.post(SIGNUP, GOOD | {"email": "ana@example.org"})

    assert get_user_model().objects.get(username="newbie").email == "ana@example.org"


def test_signup_keeps_a_tidied_display_name_when_given(client):
    client.post(SIGNUP, GOOD | {"display_name": "  Ana   María ", "email": "Ana@EXAMPLE.org"})

    user = get_user_model().objects.get(username="newbie")
    assert (user.first_name, user.last_name) == ("Ana María", "")
    assert user.get_full_name() == "Ana María"
    assert user.email == "Ana@example.org"


def test_signup_asks_name_and_email_before_the_password(client):
    html = client.get(SIGNUP).text

    positions = [html.index(f'name="{n}"') for n in ("username", "display_name", "email")]
    assert positions == sorted(positions) and positions[-1] < html.index('name="password1"')


def test_signup_refuses_a_too_long_display_name_and_creates_nothing(client):
    response = client.post(SIGNUP, GOOD | {"display_name": "A" * (DISPLAY_NAME_MAX + 1)})

    assert response.status_code == 400
    assert 'id="id_display_name_error"' in response.text
    assert f"Use {DISPLAY_NAME_MAX} characters or fewer" in response.text
    assert not get_user_model().objects.filter(username="newbie").exists()


def test_signup_refuses_an_email_another_account_has_in_any_case(client):
    make_user(username="bea")  # bea@example.org

    response = client.post(SIGNUP, GOOD | {"email": "BEA@example.ORG"})

    assert response.status_code == 400
    assert "Another account already uses this email address." in response.text
    assert 'href="#id_email"' in response.text
    assert not get_user_model().objects.filter(username="newbie").exists()


def test_two_signups_without_email_are_both_allowed(client):
    client.post(SIGNUP, GOOD)
    other = Client()

    response = other.post(SIGNUP, GOOD | {"username": "second"})

    assert response.status_code == 302
    assert get_user_model().objects.filter(email="").count() == 2


def test_signup_goes_on_to_a_safe_next_address(client):
    response = client.post(SIGNUP, GOOD | {"next": "/quizzes/"})

    assert response["Location"] == "/quizzes/"


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]
)
def test_signup_ignores_a_next_address_on_another_site(client, next_url):
    response = client.post(SIGNUP, GOOD | {"next": next_url})

    assert response.status_code == 302
    assert response["Location"] == reverse("learn:home")


def test_signup_page_does_not_echo_an_offsite_next(client):
    response = client.get(SIGNUP, {"next": "https://evil.example/"})

    # The page may link back to itself (the display panel does), but no form or link may
    # carry the offsite address as a destination.
    assert 'value="https://evil.example/"' not in response.text
    assert 'href="https://evil.example/' not in response.text


def test_signup_errors_are_tied_to_their_fields_and_nothing_is_created(client):
    response = client.post(SIGNUP, GOOD | {"password2": "something-else-entirely"})

    assert response.status_code == 400
    html = response.text
    assert 'id="id_password2_error"' in html
    assert 'aria-describedby="id_password2_helptext id_password2_error"' in html
    assert 'aria-invalid="true"' in html
    assert 'href="#id_password2"' in html
    assert not get_user_model().objects.filter(username="newbie").exists()


def test_signup_refuses_a_username_taken_in_another_case(client):
    make_user(username="Ana")

    response = client.post(SIGNUP, GOOD | {"username": "ana"})

    assert response.status_code == 400
    assert get_user_model().objects.filter(username__iexact="ana").count() == 1


def test_signup_without_a_csrf_token_is_refused():
    csrf_client = Client(enforce_csrf_checks=True)

    response = csrf_client.post(SIGNUP, GOOD)

    assert response.status_code == 403
    assert not get_user_model().objects.filter(username="newbie").exists()


def test_signup_when_already_logged_in_goes_to_my_page(client):
    client.force_login(make_user())

    response = client.get(SIGNUP)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:me")
