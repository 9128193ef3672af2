"""Marking lessons as done, for anonymous visitors and signed-in learners."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from core.visitors import SESSION_KEY
from learn import services
from learn.models import LessonProgress
from publishing.models import Status
from tests.factories import make_article, make_module, make_user

pytestmark = pytest.mark.django_db


def done_url(article):
    return article.get_absolute_url() + "done/"


def test_anonymous_visitor_marks_lesson_done_and_sees_it(client):
    article = make_article()
    make_article(module=article.module)

    response = client.post(done_url(article), {"done": "1"})

    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url() + "#lesson-done"
    progress = LessonProgress.objects.get()
    assert progress.user is None
    assert progress.visitor_id == client.session[SESSION_KEY]
    assert progress.article == article
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Lesson marked as done." in page
    assert "You marked this lesson as done." in page
    assert "1 of 2 lessons done" in client.get(article.module.get_absolute_url()).content.decode()


def test_signed_in_learner_marks_lesson_done_on_their_account(client):
    article = make_article()
    learner = make_user()
    client.force_login(learner)

    client.post(done_url(article), {"done": "1"})

    progress = LessonProgress.objects.get()
    assert progress.user == learner
    assert progress.visitor_id == ""
    assert "1 of 1 lesson done" in client.get("/learn/").content.decode()


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed in"])
def test_marking_twice_keeps_one_row(client, signed_in):
    article = make_article()
    if signed_in:
        client.force_login(make_user())

    first = client.post(done_url(article), {"done": "1"})
    second = client.post(done_url(article), {"done": "1"})

    assert first.status_code == second.status_code == 302
    assert LessonProgress.objects.count() == 1


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed in"])
def test_mark_as_not_done_removes_the_mark(client, signed_in):
    article = make_article()
    if signed_in:
        client.force_login(make_user())
    client.post(done_url(article), {"done": "1"})

    response = client.post(done_url(article), {"done": "0"})
    again = client.post(done_url(article), {"done": "0"})

    assert response.status_code == again.status_code == 302
    assert not LessonProgress.objects.exists()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Lesson marked as not done." in page
    assert "Mark as done" in page


def test_htmx_request_gets_the_done_fragment_not_the_page(client):
    article = make_article()

    response = client.post(done_url(article), {"done": "1"}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and "<main" not in html
    assert 'data-announce="Lesson marked as done."' in html
    assert "Mark as not done" in html
    assert '<input type="hidden" name="done" value="0">' in html
    assert f'hx-post="{done_url(article)}"' in html
    # The "Done" mark in the module's lesson list follows, swapped out of band.
    assert '<span id="current-done-mark" hx-swap-oob="true">' in html
    assert LessonProgress.objects.count() == 1


def test_htmx_unmark_fragment_offers_mark_as_done_again(client):
    article = make_article()
    client.post(done_url(article), {"done": "1"})

    response = client.post(done_url(article), {"done": "0"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert "<html" not in html
    assert 'data-announce="Lesson marked as not done."' in html
    assert '<input type="hidden" name="done" value="1">' in html


def test_lesson_page_form_works_without_javascript(client):
    article = make_article()

    html = client.get(article.get_absolute_url()).content.decode()

    assert f'<form method="post" action="{done_url(article)}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'id="done-form"' in html
    assert "hx-swap-oob" not in html


def test_get_on_done_url_is_405(client):
    article = make_article()

    assert client.get(done_url(article)).status_code == 405
    assert not LessonProgress.objects.exists()


@pytest.mark.parametrize(
    "make",
    [
        lambda: make_article(status=Status.DRAFT),
        lambda: make_article(status=Status.IN_REVIEW),
        lambda: make_article(module=make_module(status=Status.DRAFT)),
    ],
    ids=["draft lesson", "lesson in review", "lesson of a draft module"],
)
def test_marking_an_unpublished_lesson_is_404(client, make):
    article = make()

    assert client.post(done_url(article), {"done": "1"}).status_code == 404
    assert not LessonProgress.objects.exists()


@pytest.mark.parametrize("data", [{}, {"done": "yes"}, {"done": "2"}])
def test_marking_without_a_clear_choice_is_400_and_changes_nothing(client, data):
    article = make_article()

    assert client.post(done_url(article), data).status_code == 400
    assert not LessonProgress.objects.exists()


def test_marking_needs_the_csrf_token():
    article = make_article()
    client = Client(enforce_csrf_checks=True)

    assert client.post(done_url(article), {"done": "1"}).status_code == 403
    assert not LessonProgress.objects.exists()


def test_htmx_post_with_csrf_header_is_accepted():
    article = make_article()
    client = Client(enforce_csrf_checks=True)
    client.get(article.get_absolute_url())
    token = client.cookies["csrftoken"].value

    response = client.post(
        done_url(article), {"done": "1"}, headers={"HX-Request": "true", "X-CSRFToken": token}
    )

    assert response.status_code == 200
    assert LessonProgress.objects.count() == 1


def test_progress_belongs_to_its_owner_only(client):
    article = make_article()
    learner = make_user()
    client.force_login(learner)
    client.post(done_url(article), {"done": "1"})
    other_visitor = Client()
    other_learner = Client()
    other_learner.force_login(make_user())

    for other in (other_visitor, other_learner):
        page = other.get(article.get_absolute_url()).content.decode()
        assert "You marked this lesson as done." not in page
        assert "0 of 1 lesson done" in other.get("/learn/").content.decode()


def test_one_visitor_unmarking_leaves_another_visitors_mark(client):
    article = make_article()
    other = Client()
    client.post(done_url(article), {"done": "1"})
    other.post(done_url(article), {"done": "1"})

    other.post(done_url(article), {"done": "0"})

    assert LessonProgress.objects.get().visitor_id == client.session[SESSION_KEY]


def test_progress_counts_only_lessons_that_are_still_public(client):
    article = make_article()
    make_article(module=article.module)
    client.post(done_url(article), {"done": "1"})
    article.status = Status.ARCHIVED
    article.save()

    assert "0 of 1 lesson done" in client.get("/learn/").content.decode()
    assert "0 of 1 lesson done" in client.get(article.module.get_absolute_url()).content.decode()


def test_home_continues_in_the_module_last_worked_on(client):
    first_module = make_module(position=1)
    make_article(module=first_module, title="Unread early lesson", position=1)
    second_module = make_module(position=2)
    done = make_article(module=second_module, position=1)
    following = make_article(module=second_module, title="Carry on here", position=2)
    client.post(done_url(done), {"done": "1"})

    html = client.get("/").content.decode()

    continue_section = html[html.index('id="continue-heading"') :].split("</section>")[0]
    assert "Continue where you left off" in continue_section
    assert following.get_absolute_url() in continue_section
    assert "Unread early lesson" not in continue_section


def test_home_moves_on_when_the_last_module_is_finished(client):
    first_module = make_module(position=1)
    unread = make_article(module=first_module, position=1)
    second_module = make_module(position=2)
    only = make_article(module=second_module, position=1)
    client.post(done_url(only), {"done": "1"})

    html = client.get("/").content.decode()

    continue_section = html[html.index('id="continue-heading"') :].split("</section>")[0]
    assert unread.get_absolute_url() in continue_section


def test_home_for_signed_in_learner_uses_their_account_progress(client):
    first = make_article(position=1)
    second = make_article(module=first.module, position=2)
    client.force_login(make_user())
    client.post(done_url(first), {"done": "1"})

    html = client.get("/").content.decode()

    continue_section = html[html.index('id="continue-heading"') :].split("</section>")[0]
    assert "Continue where you left off" in continue_section
    assert second.get_absolute_url() in continue_section


def test_home_says_when_every_lesson_is_done(client):
    article = make_article()
    client.post(done_url(article), {"done": "1"})

    html = client.get("/").content.decode()

    assert "You have read every lesson" in html


def test_service_refuses_to_mark_an_unpublished_lesson():
    article = make_article(status=Status.DRAFT)

    with pytest.raises(ValidationError):
        services.lesson_mark_done(article=article, visitor_id="visitor-1")
    assert not LessonProgress.objects.exists()


def test_service_needs_an_owner():
    article = make_article()

    with pytest.raises(ValidationError):
        services.lesson_mark_done(article=article)
    assert not LessonProgress.objects.exists()


def test_service_keeps_account_and_visitor_marks_apart():
    article = make_article()
    learner = make_user()

    services.lesson_mark_done(article=article, user=learner)
    services.lesson_mark_done(article=article, visitor_id="visitor-1")
    services.lesson_mark_done(article=article, user=learner)

    assert LessonProgress.objects.filter(user=learner).count() == 1
    assert LessonProgress.objects.filter(user=None, visitor_id="visitor-1").count() == 1


def test_done_among_lessons_is_each_owners_own_in_any_number_of_lessons():
    """The lesson page's progress query (compiled once per shape) answers as the ORM does."""
    lessons = [make_article() for _ in range(4)]
    user, other = make_user(), make_user()
    for lesson in lessons[:2]:
        services.lesson_mark_done(article=lesson, user=user)
    services.lesson_mark_done(article=lessons[2], user=other)
    services.lesson_mark_done(article=lessons[3], visitor_id="visitor-a")
    services.lesson_mark_done(article=lessons[1], visitor_id="visitor-b")
    ids = [lesson.pk for lesson in lessons]
    for owner in (
        {"user": user},
        {"user": other},
        {"user": None, "visitor_id": "visitor-a"},
        {"user": None, "visitor_id": "visitor-b"},
    ):
        for among in (ids, ids[:1], ids[1:3], []):
            expected = services.done_lesson_ids(owner=owner) & set(among)
            assert services.done_lesson_ids(owner=owner, lessons=among) == expected
    assert services.done_lesson_ids(owner={"user": user}, lessons=ids) == set(ids[:2])
    assert services.done_lesson_ids(owner=None, lessons=ids) == set()
