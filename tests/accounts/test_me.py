import pytest
from django.urls import reverse

from accounts.models import Profile
from groups.models import ExtraTime
from learn.models import LessonProgress
from publishing.models import Status
from tests.accounts.helpers import make_attempt, make_quiz
from tests.factories import make_article, make_module, make_user

pytestmark = pytest.mark.django_db

ME = "/accounts/me/"
SETTINGS = "/accounts/settings/"


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/accounts/me/"),
        ("post", "/accounts/me/extra-time/"),
        ("get", "/accounts/me/export.json"),
        ("get", "/accounts/me/delete/"),
        ("post", "/accounts/me/delete/"),
        ("get", "/accounts/settings/"),
        ("post", "/accounts/settings/name/"),
        ("post", "/accounts/settings/email/"),
    ],
)
def test_my_pages_send_anonymous_visitors_to_log_in(client, method, url):
    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_me_shows_lessons_done_per_module_with_links(client):
    user = make_user()
    module = make_module(title="Understanding MS")
    done = make_article(module=module, title="What myelin does", position=1)
    make_article(module=module, position=2)
    make_article(module=module, position=3)
    make_article(module=module, position=4, status=Status.DRAFT)
    LessonProgress.objects.create(user=user, article=done)
    client.force_login(user)

    response = client.get(ME)

    assert response.status_code == 200
    html = response.text
    assert "Understanding MS" in html
    assert "1 of 3 lessons done" in html
    assert f'<a href="{done.get_absolute_url()}">What myelin does</a>' in html


def test_me_does_not_count_someone_elses_progress(client):
    user = make_user()
    lesson = make_article()
    LessonProgress.objects.create(user=make_user(), article=lesson)
    client.force_login(user)

    assert "0 of 1 lesson done" in client.get(ME).text


def test_me_lists_my_attempts_with_the_right_link(client):
    user = make_user()
    in_progress = make_attempt(quiz=make_quiz(title="Gut basics"), user=user)
    finished = make_attempt(quiz=make_quiz(title="Probiotics facts"), user=user, submitted=True)
    passed = make_attempt(quiz=make_quiz(title="MS basics"), user=user, submitted=True)
    passed.percent, passed.passed = 90.0, True
    passed.save()
    hidden = make_attempt(quiz=make_quiz(title="Not mine"), user=make_user())
    client.force_login(user)

    html = client.get(ME).text

    assert reverse("quizzes:attempt-detail", args=[in_progress.pk]) in html
    assert reverse("quizzes:attempt-result", args=[finished.pk]) in html
    assert f'href="{reverse("quizzes:attempt-detail", args=[finished.pk])}"' not in html
    assert "Gut basics" in html and "In progress" in html
    assert "50%" in html and "Not yet" in html
    assert "90%" in html and "Passed" in html
    assert "Not mine" not in html and str(hidden.pk) not in html


def test_settings_has_the_marked_spot_for_api_tokens(client):
    client.force_login(make_user())

    response = client.get(SETTINGS)

    assert "accounts/_api_tokens.html" in [t.name for t in response.templates]


def test_me_queries_do_not_grow_with_modules_lessons_or_attempts(
    client, django_assert_max_num_queries
):
    user = make_user()
    for _ in range(4):
        module = make_module()
        for _ in range(3):
            LessonProgress.objects.create(user=user, article=make_article(module=module))
    for _ in range(6):
        make_attempt(quiz=make_quiz(), user=user, submitted=True)
    client.force_login(user)

    # session, user, in-a-group flag, progress, modules, lessons, objectives, mastery, attempts
    with django_assert_max_num_queries(10):
        response = client.get(ME)
    assert response.status_code == 200


def test_me_does_not_create_a_profile_just_by_looking(client):
    user = make_user()
    client.force_login(user)

    client.get(ME)

    assert not Profile.objects.filter(user=user).exists()


def test_saving_extra_time_creates_the_profile_and_shows_it_selected(client):
    user = make_user()
    client.force_login(user)

    response = client.post("/accounts/me/extra-time/", {"extra_time": ExtraTime.X2})

    assert response["Location"] == SETTINGS
    assert Profile.objects.get(user=user).extra_time == ExtraTime.X2
    assert '<option value="x2" selected>' in client.get(SETTINGS).text


def test_extra_time_can_be_turned_off_again(client):
    user = make_user()
    Profile.objects.create(user=user, extra_time=ExtraTime.X1_5)
    client.force_login(user)

    client.post("/accounts/me/extra-time/", {"extra_time": ""})

    assert Profile.objects.get(user=user).extra_time == ""


def test_an_unknown_extra_time_is_refused_with_a_linked_error(client):
    user = make_user()
    client.force_login(user)

    response = client.post("/accounts/me/extra-time/", {"extra_time": "x10"})

    assert response.status_code == 400
    assert 'id="id_extra_time_error"' in response.text
    assert not Profile.objects.filter(user=user).exists()


def test_extra_time_only_accepts_post(client):
    client.force_login(make_user())

    assert client.get("/accounts/me/extra-time/").status_code == 405
