"""Usernames that look the same as an existing one are refused (accounts/usernames.py).

The check is a TR39 skeleton compared without regard to case; signup and the admin's user
forms use the same validator.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.usernames import username_skeleton, validate_username_unlike_others
from tests.factories import make_user

pytestmark = pytest.mark.django_db

SIGNUP = "/accounts/signup/"
PASSWORD = "river-lamp-cactus-93"
CYRILLIC_IE = "l\u0435arner"  # "lеarner": CYRILLIC SMALL LETTER IE for the e
GREEK_OMICRON = "d\u03bfctor"  # "dοctor": GREEK SMALL LETTER OMICRON for the o


def _signup(client, username):
    return client.post(
        SIGNUP,
        {"username": username, "email": "", "password1": PASSWORD, "password2": PASSWORD},
    )


def test_look_alike_letters_share_a_skeleton_and_distinct_names_do_not():
    assert username_skeleton(CYRILLIC_IE) == username_skeleton("learner")
    assert username_skeleton(GREEK_OMICRON) == username_skeleton("doctor")
    assert username_skeleton("LEARNER") == username_skeleton("learner")
    assert username_skeleton("Iearner") == username_skeleton("learner")  # capital i, small L
    assert username_skeleton("leaner") != username_skeleton("learner")


@pytest.mark.parametrize(
    ("existing", "wanted"),
    [("learner", CYRILLIC_IE), ("doctor", GREEK_OMICRON), ("learner", "Learner")],
    ids=["cyrillic-e", "greek-o", "latin-case-only"],
)
def test_the_validator_refuses_a_name_that_looks_like_an_existing_one(existing, wanted):
    make_user(username=existing)

    with pytest.raises(ValidationError) as refused:
        validate_username_unlike_others(wanted)
    assert refused.value.code == "username_looks_taken"


def test_the_validator_leaves_the_users_own_name_alone():
    user = make_user(username="learner")

    validate_username_unlike_others("Learner", exclude_pk=user.pk)


@pytest.mark.parametrize(
    ("existing", "wanted"), [("learner", CYRILLIC_IE), ("doctor", GREEK_OMICRON)]
)
def test_signup_refuses_a_look_alike_username_and_says_why(client, existing, wanted):
    make_user(username=existing)

    response = _signup(client, wanted)

    assert response.status_code == 400
    assert "looks the same as an existing username" in response.text
    assert not get_user_model().objects.filter(username=wanted).exists()
    assert "_auth_user_id" not in client.session


def test_signup_refuses_a_name_that_differs_only_in_case(client):
    make_user(username="learner")

    response = _signup(client, "LEARNER")

    assert response.status_code == 400
    assert get_user_model().objects.count() == 1


def test_signup_accepts_an_ordinary_distinct_name(client):
    make_user(username="learner")

    assert _signup(client, "ana_g").status_code == 302
    assert get_user_model().objects.filter(username="ana_g").exists()


def test_the_admin_refuses_a_look_alike_when_adding_a_user(admin_client):
    make_user(username="learner")

    response = admin_client.post(
        reverse("admin:auth_user_add"),
        {
            "username": CYRILLIC_IE,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "usable_password": "true",
        },
    )

    assert response.status_code == 200
    assert "looks the same as an existing username" in response.text
    assert not get_user_model().objects.filter(username=CYRILLIC_IE).exists()


def _change_data(user, **changes):
    data = {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": user.email,
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
    }
    return data | changes


def test_the_admin_refuses_renaming_a_user_to_a_look_alike(admin_client):
    make_user(username="learner")
    other = make_user(username="other")

    response = admin_client.post(
        reverse("admin:auth_user_change", args=[other.pk]),
        _change_data(other, username=CYRILLIC_IE),
    )

    assert response.status_code == 200
    assert "looks the same as an existing username" in response.text
    other.refresh_from_db()
    assert other.username == "other"


def test_the_admin_still_saves_other_changes_to_an_older_look_alike_account(admin_client):
    make_user(username="learner")
    older = make_user(username=CYRILLIC_IE)  # from before the rule

    response = admin_client.post(
        reverse("admin:auth_user_change", args=[older.pk]),
        _change_data(older, first_name="Lena", email="lena@example.org"),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    older.refresh_from_db()
    assert older.first_name == "Lena"
