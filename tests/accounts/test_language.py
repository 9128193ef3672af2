"""An account's language, for the emails we send it (accounts/languages.py): set at sign-up
from the page's language, by the header's switcher when signed in, and on the settings page.
Pages keep following their address whatever is stored."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail

from accounts.languages import profile_language, profile_save_language
from accounts.models import Profile
from tests.factories import make_user
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db

SETTINGS = "/accounts/settings/"
LANGUAGE = "/accounts/settings/language/"
SWITCHER = "/i18n/setlang/"
PASSWORD = "river-lamp-cactus-93"
NEW = {"username": "newbie", "email": "", "password1": PASSWORD, "password2": PASSWORD}


@pytest.fixture
def ana(client):
    user = make_user(username="ana", password=PASSWORD)
    client.force_login(user)
    return user


def _stored(user):
    return Profile.objects.filter(user=user).values_list("language", flat=True).first()


@pytest.mark.parametrize(("signup", "language"), [("/es/accounts/signup/", "es"),
                                                  ("/accounts/signup/", "en")])  # fmt: skip
def test_signup_keeps_the_language_the_form_was_shown_in(client, signup, language):
    assert client.post(signup, NEW).status_code == 302
    assert _stored(get_user_model().objects.get(username="newbie")) == language


def test_the_switcher_keeps_a_signed_in_persons_choice(client, ana):
    response = client.post(SWITCHER, {"language": "es", "next": "/es/"})

    assert response.status_code == 302 and response["Location"] == "/es/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert _stored(ana) == "es"
    client.post(SWITCHER, {"language": "en", "next": "/"})
    assert _stored(ana) == "en"


def test_the_switcher_stores_nothing_for_an_unknown_language_or_a_get(client, ana):
    profile_save_language(user=ana, language="es")

    assert client.post(SWITCHER, {"language": "xx", "next": "/"}).status_code == 302
    # Django has a French catalog, so its view takes "fr"; the site does not speak it.
    assert client.post(SWITCHER, {"language": "fr", "next": "/"}).status_code == 302
    assert client.get(SWITCHER, {"language": "en", "next": "/"}).status_code == 302
    assert _stored(ana) == "es"


def test_the_switcher_still_works_for_visitors_and_stores_nothing(client):
    response = client.post(SWITCHER, {"language": "es", "next": "/es/"})

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert not Profile.objects.exists()


def test_settings_offers_each_language_in_its_own_words(client, ana):
    html = client.get(SETTINGS).text

    select = re.search(r'<select name="language".*?</select>', html, re.S).group(0)
    assert '<option value="en" selected>English</option>' in select  # none chosen: the site's
    assert '<option value="es">español</option>' in select
    assert 'href="#language-heading"' in html


def test_settings_saves_the_language_and_pages_keep_following_their_address(client, ana):
    response = client.post(LANGUAGE, {"language": "es"})

    assert response.status_code == 302
    assert response["Location"] == SETTINGS + "#language-heading"
    assert _stored(ana) == "es" and profile_language(ana) == "es"
    page = client.get(SETTINGS).text
    assert '<html lang="en"' in page  # the unprefixed page stays English
    assert '<option value="es" selected>español</option>' in page
    assert "Emails we send you will be in the language you chose." in page


@pytest.mark.parametrize("value", ["xx", "", "es-es-es-es-es-es", "ES"])
def test_a_tampered_language_is_refused_and_nothing_changes(client, ana, value):
    profile_save_language(user=ana, language="es")

    response = client.post(LANGUAGE, {"language": value})

    assert response.status_code == 400
    assert _stored(ana) == "es"
    if value:
        assert "Choose one of the languages listed." in response.text
    assert 'role="alert"' in response.text and 'href="#id_language"' in response.text


def test_the_language_form_needs_a_login_and_a_post(client):
    assert client.post(LANGUAGE, {"language": "es"})["Location"].startswith("/accounts/login/")
    user = make_user()
    client.force_login(user)
    assert client.get(LANGUAGE).status_code == 405
    assert _stored(user) is None


def test_the_email_change_link_is_sent_in_the_accounts_language(client, ana):
    profile_save_language(user=ana, language="es")

    client.post("/accounts/settings/email/", {"email": "ana.new@example.org", "password": PASSWORD})
    run_queued_tasks()

    [message] = mail.outbox
    assert message.subject == "Confirme su nuevo correo electrónico"
    assert "/es/accounts/email/confirm/" in message.body
    html = message.alternatives[0].content
    assert '<html lang="es">' in html and "/es/accounts/email/confirm/" in html


def test_an_unknown_stored_language_falls_back_to_the_sites(ana):
    Profile.objects.create(user=ana, language="fr")  # a language the site no longer has
    assert profile_language(ana) == ""
    with pytest.raises(ValueError):
        profile_save_language(user=ana, language="fr")
