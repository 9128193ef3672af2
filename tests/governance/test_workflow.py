import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from learn.models import Article
from learn.services import published_lessons
from publishing.models import (
    Status,
    StatusChange,
)
from publishing.workflow import moves_from, visibility
from quizzes.models import Quiz
from tests.factories import approve, make_article, make_faq, make_module, make_question, make_quiz
from tests.governance.helpers import change_url, form_data, messages_of, post_change_form

pytestmark = pytest.mark.django_db

ARTICLES = reverse("admin:learn_article_changelist")


def log_of(item):
    return list(
        StatusChange.objects.filter(
            content_type=ContentType.objects.get_for_model(item), object_id=item.pk
        ).order_by("changed_at", "pk")
    )


# Buttons on the change form -----------------------------------------------------------------


def test_send_to_review_button_moves_the_lesson_and_records_who(editor_client, editor):
    article = make_article(status=Status.DRAFT)

    response = post_change_form(editor_client, article, _workflow="review")

    assert response.status_code == 302
    assert response["Location"] == change_url(article)  # Stays on the lesson.
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW
    [change] = log_of(article)
    assert (change.from_status, change.to_status, change.user) == ("draft", "review", editor)
    assert "is now “In review”" in " ".join(messages_of(response))


def test_publish_button_publishes_a_lesson_that_passes_the_checks(editor_client):
    article = make_article(status=Status.IN_REVIEW, title="Approved title")

    response = post_change_form(editor_client, article, _workflow="publish")

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.status, article.title) == (Status.PUBLISHED, "Approved title")
    assert [(c.from_status, c.to_status) for c in log_of(article)] == [("review", "published")]


def test_publish_button_refuses_a_lesson_without_a_reviewer_and_changes_nothing(editor_client):
    article = make_article(status=Status.DRAFT, medical_reviewer=None)

    response = post_change_form(editor_client, article, _workflow="publish", title="Changed")

    assert response.status_code == 200
    content = response.content.decode()
    assert "A published lesson needs this." in content
    assert "Not done: “Publish” needs the problems marked below fixed first." in content
    article.refresh_from_db()
    assert (article.status, article.title) == (Status.DRAFT, "Lesson " + article.slug[7:])
    assert log_of(article) == []


@pytest.mark.parametrize(
    ("start", "move", "end"),
    [
        (Status.PUBLISHED, "archive", Status.ARCHIVED),
        (Status.PUBLISHED, "draft", Status.DRAFT),
        (Status.ARCHIVED, "draft", Status.DRAFT),
        (Status.IN_REVIEW, "draft", Status.DRAFT),
    ],
)
def test_archive_and_back_to_draft_buttons(editor_client, start, move, end):
    article = make_article(status=start)

    assert post_change_form(editor_client, article, _workflow=move).status_code == 302

    article.refresh_from_db()
    assert article.status == end
    assert [(c.from_status, c.to_status) for c in log_of(article)] == [(start, end)]


def test_change_form_offers_the_moves_of_the_current_status_after_the_save_button(editor_client):
    article = make_article(status=Status.DRAFT)

    content = editor_client.get(change_url(article)).content.decode()

    for label in ["Send to review", "Publish", "Archive"]:
        assert f">{label}</button>" in content
    assert ">Back to draft</button>" not in content
    # Enter in a text field submits the first submit button: it must be Save, not a move.
    assert content.index('name="_save"') < content.index('name="_workflow"')
    assert [move.name for move in moves_from(Status.PUBLISHED)] == ["archive", "draft"]


def test_view_only_editors_get_no_workflow_buttons(client):
    from django.contrib.auth.models import Permission

    from tests.factories import make_user

    viewer = make_user(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(viewer)
    article = make_article(status=Status.DRAFT)

    content = client.get(change_url(article)).content.decode()

    assert 'name="_workflow"' not in content


def test_status_menu_changes_are_logged_too(editor_client, editor):
    article = make_article(status=Status.DRAFT)

    post_change_form(editor_client, article, status="review")

    [change] = log_of(article)
    assert (change.from_status, change.to_status, change.user) == ("draft", "review", editor)


def test_a_save_without_a_status_change_logs_nothing(editor_client):
    article = make_article()

    response = post_change_form(editor_client, article, position=article.position + 1)
    assert response.status_code == 302

    assert log_of(article) == []


def test_change_form_shows_the_workflow_history(editor_client):
    article = make_article(status=Status.DRAFT)
    post_change_form(editor_client, article, _workflow="review")
    post_change_form(editor_client, article, _workflow="publish")

    content = editor_client.get(change_url(article)).content.decode()

    history = content[content.index('class="status-history"') :]
    assert "In review → Published" in history
    assert "Draft → In review" in history
    assert "Edith Editor" in history
    assert history.index("In review → Published") < history.index("Draft → In review")


def test_creating_a_lesson_logs_it_as_created(editor_client, editor):
    module = make_module()
    data = form_data(
        editor_client.get(reverse("admin:learn_article_add")),
        "article_form",
        module=module.pk,
        title="New",
        slug="new",
        summary="S.",
        body="B.",
        evidence_level="emerging",
    )

    assert editor_client.post(reverse("admin:learn_article_add"), data).status_code == 302

    [change] = log_of(Article.objects.get(slug="new"))
    assert (change.from_status, change.to_status, change.user) == ("", "draft", editor)


# Actions ------------------------------------------------------------------------------------


def run_action(client, action, *items, url=ARTICLES):
    return client.post(
        url, {"action": action, "_selected_action": [item.pk for item in items]}, follow=True
    )


def test_actions_move_each_lesson_and_log_each_move(editor_client, editor):
    first, second = make_article(status=Status.DRAFT), make_article(status=Status.DRAFT)

    response = run_action(editor_client, "send_to_review_selected", first, second)

    assert "2 items are now “In review”" in response.content.decode()
    for article in (first, second):
        article.refresh_from_db()
        assert article.status == Status.IN_REVIEW
        assert [(c.to_status, c.user) for c in log_of(article)] == [("review", editor)]

    run_action(editor_client, "archive_selected", first)
    run_action(editor_client, "move_to_draft", second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.ARCHIVED, Status.DRAFT)


def test_publish_action_names_each_refused_lesson_with_its_problems(editor_client):
    ready = make_article(status=Status.DRAFT, title="Ready")
    no_source = make_article(status=Status.DRAFT, title="No source", sources=0)

    content = run_action(editor_client, "publish_selected", ready, no_source).content.decode()

    assert "“Ready” is now “Published”." in content
    assert "“No source” was not moved to “Published”." in content
    assert "A published lesson needs at least one source." in content
    no_source.refresh_from_db()
    assert no_source.status == Status.DRAFT
    assert log_of(no_source) == []


def test_faq_moves_through_the_workflow_with_buttons(editor_client, editor):
    faq = make_faq(status=Status.DRAFT)

    assert post_change_form(editor_client, faq, _workflow="publish").status_code == 302

    faq.refresh_from_db()
    assert faq.status == Status.PUBLISHED
    assert [(c.to_status, c.user) for c in log_of(faq)] == [("published", editor)]


def test_quiz_publish_action_logs_the_move(editor_client, editor):
    quiz = make_quiz(status=Status.DRAFT)
    make_question(quiz=quiz)
    approve(quiz)  # The new question is part of the text the reviewer approves.

    run_action(
        editor_client, "publish_selected", quiz, url=reverse("admin:quizzes_quiz_changelist")
    )

    quiz.refresh_from_db()
    assert quiz.status == Status.PUBLISHED
    assert [(c.from_status, c.to_status, c.user) for c in log_of(quiz)] == [
        ("draft", "published", editor)
    ]


def test_quiz_archive_action_runs_through_the_workflow(editor_client):
    quiz = make_quiz(questions=1)

    run_action(
        editor_client, "archive_selected", quiz, url=reverse("admin:quizzes_quiz_changelist")
    )

    assert Quiz.objects.get(pk=quiz.pk).status == Status.ARCHIVED
    assert [c.to_status for c in log_of(quiz)] == ["archived"]


# Schedule and visibility --------------------------------------------------------------------


def test_list_and_form_say_when_a_scheduled_lesson_goes_live(editor_client):
    goes_live = timezone.make_aware(datetime.datetime(2036, 12, 3, 9, 0))
    article = make_article(title="Future", publish_at=goes_live)

    listing = editor_client.get(ARTICLES).content.decode()
    form = editor_client.get(change_url(article)).content.decode()

    assert "Scheduled: goes live 3 Dec 2036 09:00." in listing
    assert "Scheduled: goes live 3 Dec 2036 09:00." in form


def test_list_says_when_a_live_lesson_expires(editor_client):
    expires = timezone.now() + datetime.timedelta(days=3)
    make_article(expires_at=expires)

    listing = editor_client.get(ARTICLES).content.decode()

    expected = timezone.localtime(expires).strftime("%-d %b %Y %H:%M")
    assert f"Live. Expires {expected}." in listing


def test_visibility_sentences():
    now = timezone.now()
    hour = datetime.timedelta(hours=1)
    article = Article(status=Status.PUBLISHED, publish_at=now - hour)

    assert visibility(article, now)[0] == "live"
    article.expires_at = now - datetime.timedelta(minutes=1)
    assert visibility(article, now)[0] == "expired"
    article.expires_at, article.publish_at = None, now + hour
    assert visibility(article, now)[0] == "scheduled"
    article.status = Status.DRAFT
    assert visibility(article, now) == ("hidden", "Not public: Draft.")


def test_published_lesson_with_future_publish_time_appears_only_once_it_comes(client, monkeypatch):
    goes_live = timezone.now() + datetime.timedelta(days=2)
    article = make_article(publish_at=goes_live)
    url = article.get_absolute_url()

    assert article not in published_lessons()
    assert client.get(url).status_code == 404

    later = goes_live + datetime.timedelta(minutes=1)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)

    assert article in published_lessons()
    assert article in Article.objects.published()
    assert client.get(url).status_code == 200


def test_lesson_disappears_once_it_expires(client, monkeypatch):
    expires = timezone.now() + datetime.timedelta(days=1)
    article = make_article(expires_at=expires)
    assert client.get(article.get_absolute_url()).status_code == 200

    monkeypatch.setattr("django.utils.timezone.now", lambda: expires)

    assert client.get(article.get_absolute_url()).status_code == 404
    assert not Article.objects.published(now=expires).filter(pk=article.pk).exists()


def test_list_says_live_in_short(editor_client):
    make_article(title="Live one")

    listing = editor_client.get(ARTICLES).content.decode()

    assert '<span class="visibility visibility-live">Live</span>' in listing


def test_lesson_form_queries_do_not_grow_with_its_history(
    editor_client, django_assert_max_num_queries
):
    article = make_article(status=Status.DRAFT)
    with CaptureQueriesContext(connection) as few:
        editor_client.get(change_url(article))
    budget = len(few)  # Now: each request below clears the connection's query log.
    for move in ["review", "publish", "draft", "publish", "archive", "draft"] * 2:
        post_change_form(editor_client, article, _workflow=move)

    with django_assert_max_num_queries(budget):
        response = editor_client.get(change_url(article))

    assert response.content.decode().count("<tr>") >= 12


def test_quiz_publish_button_runs_the_question_rules(editor_client):
    quiz = make_quiz(status=Status.DRAFT)
    make_question(quiz=quiz, choices=[("Only wrong", False), ("Also wrong", False)])

    response = post_change_form(editor_client, quiz, _workflow="publish")

    assert response.status_code == 200
    assert "needs exactly one correct choice" in response.content.decode()
    quiz.refresh_from_db()
    assert quiz.status == Status.DRAFT
    assert log_of(quiz) == []
