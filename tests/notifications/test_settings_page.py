"""The notification settings page, consent at sign-up, and who may get what (rules.may_email)."""

from notifications.models import Kind, Preference
from notifications.rules import may_email
from tests.factories import make_user

URL = "/notifications/"


def test_the_account_settings_link_to_the_notification_settings(client, learner):
    client.force_login(learner)
    assert f'href="{URL}"' in client.get("/accounts/settings/").text


def test_each_kind_can_be_turned_off_and_on_again(client, learner):
    client.force_login(learner)
    page = client.get(URL).text
    assert "A new assignment in one of my groups" in page
    assert "A lesson, FAQ or quiz waits for review" not in page  # not a reviewer
    response = client.post(URL, {"consent": "on", "new_assignment": "on", "due_changed": "on"})
    assert response.status_code == 302
    pref = Preference.objects.get(user=learner)
    assert pref.consent and pref.muted == ["reminder"]
    assert not may_email(learner, Kind.REMINDER) and may_email(learner, Kind.NEW_ASSIGNMENT)
    client.post(URL, {"consent": "on", "new_assignment": "on", "reminder": "on"})
    assert Preference.objects.get(user=learner).muted == ["due_changed"]


def test_withdrawing_consent_stops_every_learner_message(client, learner):
    client.force_login(learner)
    client.post(URL, {"new_assignment": "on", "reminder": "on", "due_changed": "on"})
    assert not any(may_email(learner, kind) for kind in ("new_assignment", "reminder"))


def test_staff_kinds_need_no_consent_but_an_email(educator):
    assert may_email(educator, Kind.HOLD_ALERT)
    assert not may_email(educator, Kind.NEW_ASSIGNMENT)  # learner kinds need consent
    educator.email = ""
    assert not may_email(educator, Kind.HOLD_ALERT)


def test_an_educator_sees_the_educator_kinds(client, educator):
    client.force_login(educator)
    page = client.get(URL).text
    assert "Daily list of new results in my groups" in page
    assert "A learner paused an assignment" in page


def test_the_page_needs_a_login_and_ignores_unknown_fields(client, learner):
    assert client.get(URL).status_code == 302
    client.force_login(learner)
    client.post(URL, {"consent": "on", "muted": "everything", "user": "1"})
    pref = Preference.objects.get(user=learner)
    assert pref.user == learner and set(pref.muted) == {"new_assignment", "reminder", "due_changed"}


def test_consent_is_asked_at_sign_up_and_off_unless_ticked(client):
    form = {"username": "newbie", "email": "newbie@example.org"}
    form |= {"password1": "a long pass phrase 42", "password2": "a long pass phrase 42"}
    client.post("/accounts/signup/", form)
    assert Preference.objects.get(user__username="newbie").consent is False
    client.logout()
    form |= {"username": "keen", "email": "keen@example.org", "email_consent": "on"}
    client.post("/accounts/signup/", form)
    assert Preference.objects.get(user__username="keen").consent is True


def test_an_anonymous_visitor_or_a_person_without_email_gets_nothing(db):
    from django.contrib.auth.models import AnonymousUser

    assert not may_email(AnonymousUser(), Kind.NEW_ASSIGNMENT)
    quiet = make_user(username="quiet")
    quiet.email = ""
    Preference.objects.create(user=quiet, consent=True)
    assert not may_email(quiet, Kind.NEW_ASSIGNMENT)


def test_unticking_every_box_is_saved_too(client, learner):
    client.force_login(learner)
    assert client.post(URL, {}).status_code == 302
    pref = Preference.objects.get(user=learner)
    assert not pref.consent and set(pref.muted) == {"new_assignment", "reminder", "due_changed"}
