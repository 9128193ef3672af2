import json
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import Client, RequestFactory

from accounts.models import Profile
from core import display
from tests.factories import make_user

pytestmark = pytest.mark.django_db

URL = "/display/"
DEFAULT_CLASSES = (
    "display-text-normal display-spacing-normal display-theme-system "
    "display-motion-system display-one-thing-off"
)
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)
ALL_OPTIONS = [
    (setting.key, option.value) for setting in display.SETTINGS for option in setting.options
]


def html_classes(response):
    match = re.search(r'<html lang="[^"]*" class="([^"]*)">', response.content.decode())
    assert match, "no <html class> in the page"
    return match[1]


def post_json(client, data, **kwargs):
    body = data if isinstance(data, str) else json.dumps(data)
    return client.post(URL, body, content_type="application/json", **kwargs)


# --- the panel and the classes ---------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/no-such-page/", URL])
def test_display_panel_is_on_every_page(client, path):
    response = client.get(path)
    html = response.content.decode()
    assert '<details class="display-panel">' in html
    assert 'action="/display/"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert f'name="next" value="{path}"' in html


def test_pages_start_with_the_default_classes(client):
    assert html_classes(client.get("/")) == DEFAULT_CLASSES


def test_panel_shows_the_current_choices_checked(client):
    client.post(URL, {"theme": "dark", "next": "/"})
    html = client.get("/").content.decode()
    assert 'name="theme" value="dark" checked' in html
    assert 'name="theme" value="system" checked' not in html


@pytest.mark.parametrize(("key", "value"), ALL_OPTIONS)
def test_form_post_sets_cookie_and_classes_on_next_page(client, key, value):
    response = client.post(URL, {key: value, "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    cookie = response.cookies[display.COOKIE_NAME]
    assert f"{key}:{value}" in cookie.value.split("|")
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"]
    assert cookie["max-age"] == 365 * 24 * 60 * 60
    classes = html_classes(client.get("/")).split()
    assert f"display-{key.replace('_', '-')}-{value}" in classes
    assert len(classes) == len(display.SETTINGS)


def test_form_post_keeps_settings_it_does_not_mention(client):
    client.post(URL, {"text": "xlarge", "next": "/"})
    client.post(URL, {"theme": "contrast", "next": "/"})
    classes = html_classes(client.get("/")).split()
    assert "display-text-xlarge" in classes
    assert "display-theme-contrast" in classes


def test_form_post_says_the_settings_were_saved(client):
    response = client.post(URL, {"spacing": "wide", "next": "/"}, follow=True)
    assert "Display settings saved." in response.content.decode()


def test_reset_button_brings_back_the_standard_settings(client):
    client.post(URL, {"text": "large", "theme": "dark", "one_thing": "on", "next": "/"})
    client.post(URL, {"reset": "1", "text": "large", "next": "/"})
    assert html_classes(client.get("/")) == DEFAULT_CLASSES


@pytest.mark.parametrize(
    "data",
    [
        {"text": "huge"},
        {"theme": "sepia"},
        {"one_thing": "yes"},
        {"motion": ""},
        {"text": "large", "theme": "purple"},
    ],
)
def test_form_post_with_a_bad_value_shows_an_error_and_changes_nothing(client, data):
    client.post(URL, {"spacing": "wide", "next": "/"})
    response = client.post(URL, data | {"next": "/"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was changed" in html
    assert 'role="alert"' in html
    assert display.COOKIE_NAME not in response.cookies
    classes = html_classes(client.get("/")).split()
    assert "display-spacing-wide" in classes
    assert "display-text-normal" in classes
    assert "display-theme-system" in classes


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/path",
        "/\\evil.example",
        "javascript:alert(1)",
        "",
        "/" + "a" * 2000,
    ],
)
def test_form_post_does_not_follow_an_unsafe_next(client, next_url):
    response = client.post(URL, {"text": "large", "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_form_post_follows_a_safe_next(client):
    response = client.post(URL, {"text": "large", "next": "/learn/?page=2"})
    assert response["Location"] == "/learn/?page=2"


def test_post_without_csrf_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    response = client.post(URL, {"text": "large", "next": "/"})
    assert response.status_code == 403
    assert display.COOKIE_NAME not in response.cookies


def test_post_with_csrf_token_from_the_panel_is_accepted():
    client = Client(enforce_csrf_checks=True)
    html = client.get("/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    response = client.post(URL, {"text": "large", "next": "/", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    response = post_json(client, {"theme": "dark"}, headers={"X-CSRFToken": token})
    assert response.status_code == 200


# --- the full page (GET) ---------------------------------------------------------------------


def test_get_shows_the_full_page_form_with_a_safe_way_back(client):
    response = client.get(URL, {"next": "/faq/"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Display settings</h1>" in html
    assert html.count('action="/display/"') == 2  # the panel and the page
    assert '<a href="/faq/">Go back to where you were</a>' in html


def test_get_with_unsafe_next_links_back_home(client):
    html = client.get(URL, {"next": "https://evil.example/"}).content.decode()
    assert 'href="https://evil.example/"' not in html
    assert 'name="next" value="https://evil.example/"' not in html
    assert '<a href="/">Go back to where you were</a>' in html


def test_other_methods_are_refused(client):
    assert client.put(URL).status_code == 405
    assert client.delete(URL).status_code == 405


# --- the fetch (JSON) path -------------------------------------------------------------------


def test_json_post_returns_the_settings_and_sets_the_cookie(client):
    response = post_json(client, {"text": "xlarge", "one_thing": "on"})
    assert response.status_code == 200
    body = response.json()
    assert body["display"] == display.DEFAULTS | {"text": "xlarge", "one_thing": "on"}
    assert "display-text-xlarge" in body["classes"].split()
    assert "text:xlarge" in response.cookies[display.COOKIE_NAME].value
    assert "display-one-thing-on" in html_classes(client.get("/")).split()


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("{not json", "JSON object"),
        ('["text", "large"]', "JSON object"),
        ('"large"', "JSON object"),
        ({"font": "comic"}, "not a display setting"),
        ({"text": "huge"}, "Text size"),
        ({"text": 2}, "Text size"),
        ({"theme": None}, "Colours"),
        ({"text": "large", "colour": "red"}, "not a display setting"),
    ],
)
def test_json_post_with_bad_input_is_400_and_changes_nothing(client, body, expected):
    post_json(client, {"spacing": "wide"})
    response = post_json(client, body)
    assert response.status_code == 400
    assert expected in response.json()["error"]
    assert display.COOKIE_NAME not in response.cookies
    classes = html_classes(client.get("/")).split()
    assert "display-spacing-wide" in classes
    assert "display-text-normal" in classes


def test_json_post_that_is_too_large_is_refused(client):
    response = post_json(client, {"text": "large", "padding": "x" * display.MAX_BODY_BYTES})
    assert response.status_code == 413
    assert display.COOKIE_NAME not in response.cookies


def test_form_post_that_is_too_large_is_refused(client):
    response = client.post(URL, {"text": "large", "next": "/", "padding": "x" * 5000})
    assert response.status_code == 413
    assert display.COOKIE_NAME not in response.cookies


# --- accounts --------------------------------------------------------------------------------


def test_signed_in_settings_are_saved_to_a_new_profile(client):
    user = make_user()
    client.force_login(user)
    assert not Profile.objects.filter(user=user).exists()
    client.post(URL, {"text": "large", "theme": "contrast-dark", "next": "/"})
    profile = Profile.objects.get(user=user)
    assert profile.display == display.DEFAULTS | {"text": "large", "theme": "contrast-dark"}


def test_signed_in_json_settings_are_saved_to_the_existing_profile(client):
    user = make_user()
    Profile.objects.create(user=user, extra_time="x1.5", display={"text": "xlarge"})
    client.force_login(user)
    post_json(client, {"motion": "reduce"})
    profile = Profile.objects.get(user=user)
    assert profile.display == display.DEFAULTS | {"text": "xlarge", "motion": "reduce"}
    assert profile.extra_time == "x1.5"


def test_account_settings_apply_on_a_device_without_the_cookie(client):
    user = make_user()
    Profile.objects.create(user=user, display={"theme": "contrast", "spacing": "wide"})
    client.force_login(user)
    classes = html_classes(client.get("/")).split()
    assert "display-theme-contrast" in classes
    assert "display-spacing-wide" in classes


def test_settings_saved_on_one_device_follow_the_account_to_another(client):
    user = make_user()
    client.force_login(user)
    client.post(URL, {"text": "xlarge", "next": "/"})
    other_device = Client()
    other_device.force_login(user)
    assert "display-text-xlarge" in html_classes(other_device.get("/")).split()


def test_device_cookie_wins_over_account_settings(client):
    user = make_user()
    Profile.objects.create(user=user, display={"theme": "contrast"})
    client.force_login(user)
    client.cookies[display.COOKIE_NAME] = "theme:dark"
    assert "display-theme-dark" in html_classes(client.get("/")).split()


def test_stored_account_settings_are_validated_too(client):
    user = make_user()
    Profile.objects.create(user=user, display={"theme": "<script>", "text": "large", "x": 1})
    client.force_login(user)
    classes = html_classes(client.get("/")).split()
    assert "display-text-large" in classes
    assert "display-theme-system" in classes


def test_anonymous_settings_create_no_profile(client):
    client.post(URL, {"text": "large", "next": "/"})
    assert Profile.objects.count() == 0


# --- the cookie ------------------------------------------------------------------------------


def test_cookie_with_unknown_keys_and_values_keeps_only_valid_parts(client):
    client.cookies[display.COOKIE_NAME] = "text:huge|theme:dark|evil:1|spacing|one_thing:on:x"
    classes = html_classes(client.get("/")).split()
    assert "display-theme-dark" in classes
    assert "display-text-normal" in classes
    assert "display-one-thing-off" in classes


def test_oversized_cookie_is_ignored(client):
    client.cookies[display.COOKIE_NAME] = "theme:dark|" + "x" * 300
    assert html_classes(client.get("/")) == DEFAULT_CLASSES


def test_reading_settings_costs_no_query_with_the_cookie(django_assert_num_queries):
    request = RequestFactory().get("/")
    request.user = make_user()
    request.COOKIES[display.COOKIE_NAME] = "text:large"
    with django_assert_num_queries(0):
        assert display.current(request).text == "large"


def test_reading_account_settings_costs_one_query_once(django_assert_num_queries):
    user = make_user()
    Profile.objects.create(user=user, display={"text": "large"})
    request = RequestFactory().get("/")
    request.user = type(user).objects.get(pk=user.pk)
    with django_assert_num_queries(1):
        assert display.current(request).text == "large"
        assert display.current(request).classes.startswith("display-text-large")


def test_anonymous_settings_cost_no_query(django_assert_num_queries):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert display.current(request) == display.DisplaySettings()


# --- Listen ----------------------------------------------------------------------------------


def test_listen_include_renders_hidden_with_its_target():
    html = render_to_string("includes/_listen.html", {"target": "#lesson-body"})
    assert re.search(r'<div class="listen" data-listen-target="#lesson-body" hidden', html)
    for action in ("play", "pause", "stop"):
        assert f'data-listen-action="{action}"' in html
    assert '<button type="button"' in html
    assert ">Listen</button>" in html


def test_listen_include_escapes_the_target_and_takes_a_label():
    html = render_to_string(
        "includes/_listen.html", {"target": '#q"><b>', "label": "Listen to this question"}
    )
    assert 'data-listen-target="#q&quot;&gt;&lt;b&gt;"' in html
    assert ">Listen to this question</button>" in html


# --- CSP: no inline code ---------------------------------------------------------------------


def assert_no_inline_code(html):
    assert 'style="' not in html
    assert "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert not re.search(r"\son[a-z]+=", html)


@pytest.mark.parametrize("path", ["/", "/no-such-page/", URL])
def test_pages_keep_the_csp_and_have_no_inline_style_or_script(client, path):
    client.post(URL, {"theme": "dark", "text": "large", "one_thing": "on", "next": "/"})
    response = client.get(path)
    assert response["Content-Security-Policy"] == CSP
    assert_no_inline_code(response.content.decode())
    assert 'src="/static/js/display.js"' in response.content.decode()
    assert 'href="/static/css/print.css" media="print"' in response.content.decode()


def test_form_error_page_has_no_inline_style_or_script(client):
    response = client.post(URL, {"text": "huge", "next": "/"})
    assert response["Content-Security-Policy"] == CSP
    assert_no_inline_code(response.content.decode())
