import datetime

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from learn.models import (
    Article,
    ReviewRecord,
)
from publishing.models import (
    Status,
    StatusChange,
)
from tests.factories import make_article, make_contributor, make_user
from tests.governance.helpers import messages_of

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
REVIEW_DUE = reverse("admin:learn_article_review_due")


def days(n):
    return TODAY + datetime.timedelta(days=n)


def mark_url(article):
    return reverse("admin:learn_article_mark_reviewed", args=[article.pk])


def due_lessons(last_reviewed=-400, **kwargs):
    return make_article(last_reviewed_on=days(last_reviewed), **kwargs)


def test_review_due_lists_overdue_and_soon_oldest_first_with_overdue_marked(editor_client):
    soon = due_lessons(title="Soon", next_review_on=days(10), last_reviewed=-300)
    older = due_lessons(title="Long overdue", next_review_on=days(-40))
    overdue = due_lessons(title="Just overdue", next_review_on=days(-2))
    make_article(title="Not due", next_review_on=days(90))
    due_lessons(title="Archived", next_review_on=days(-5), status=Status.ARCHIVED)

    response = editor_client.get(REVIEW_DUE)

    assert response.status_code == 200
    assert [lesson.title for lesson in response.context["lessons"]] == [
        older.title,
        overdue.title,
        soon.title,
    ]
    content = response.content.decode()
    assert "(overdue by 40 days)" in content
    assert "(overdue by 2 days)" in content
    assert "(due in 10 days)" in content
    assert "Not due" not in content and "Archived" not in content


def test_lessons_without_a_review_date_come_first(editor_client):
    dated = due_lessons(title="Dated", next_review_on=days(-1))
    undated = make_article(
        title="Undated", status=Status.DRAFT, last_reviewed_on=None, next_review_on=None
    )

    lessons = list(editor_client.get(REVIEW_DUE).context["lessons"])

    assert lessons == [undated, dated]


def test_mark_reviewed_today_sets_the_dates_and_records_who(editor_client, editor):
    reviewer = make_contributor(name="Dr Reviewer")
    article = due_lessons(next_review_on=days(-3), medical_reviewer=reviewer)

    response = editor_client.post(mark_url(article), {"note": "Checked the trial figures."})

    assert response.status_code == 302
    assert response["Location"] == REVIEW_DUE
    article.refresh_from_db()
    assert (article.last_reviewed_on, article.next_review_on) == (TODAY, days(365))
    assert article.medical_reviewer == reviewer
    record = ReviewRecord.objects.get(article=article)
    assert (record.reviewer, record.medical_reviewer, record.reviewed_on) == (
        editor,
        reviewer,
        TODAY,
    )
    assert record.note == "Checked the trial figures."
    log = StatusChange.objects.get(
        content_type=ContentType.objects.get_for_model(Article), object_id=article.pk
    )
    assert (log.kind, log.user, log.from_status, log.to_status) == (
        "review",
        editor,
        "published",
        "published",
    )
    assert "Dr Reviewer" in log.note
    assert article.history.latest().history_change_reason == "Marked as medically reviewed"
    assert "is marked as reviewed today" in " ".join(messages_of(response))
    assert article not in editor_client.get(REVIEW_DUE).context["lessons"]


def test_mark_reviewed_is_refused_without_a_medical_reviewer(editor_client):
    article = due_lessons(next_review_on=days(-3), status=Status.DRAFT, medical_reviewer=None)

    response = editor_client.post(mark_url(article), follow=True)

    assert "has no medical reviewer" in response.content.decode()
    article.refresh_from_db()
    assert article.next_review_on == days(-3)
    assert not ReviewRecord.objects.exists()


def test_mark_reviewed_needs_post_csrf_and_change_permission(client, editor):
    article = due_lessons(next_review_on=days(-3))
    client.force_login(editor)
    assert client.get(mark_url(article)).status_code == 405

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert strict.post(mark_url(article)).status_code == 403

    viewer = make_user(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(viewer)
    page = client.get(REVIEW_DUE)
    assert page.status_code == 200
    assert "Mark reviewed today" not in page.content.decode()
    assert client.post(mark_url(article)).status_code == 403

    article.refresh_from_db()
    assert article.next_review_on == days(-3)


def test_review_due_page_is_for_staff_with_lesson_permission(client):
    client.force_login(make_user(is_staff=True))
    assert client.get(REVIEW_DUE).status_code == 403

    client.force_login(make_user())
    assert client.get(REVIEW_DUE).status_code == 302  # To the admin login.


def test_admin_index_and_lesson_list_link_to_review_due_with_counts(editor_client):
    due_lessons(next_review_on=days(-3))
    due_lessons(next_review_on=days(-1))
    due_lessons(next_review_on=days(5), last_reviewed=-300)

    index = editor_client.get(reverse("admin:index")).content.decode()
    listing = editor_client.get(reverse("admin:learn_article_changelist")).content.decode()

    assert f'href="{REVIEW_DUE}"' in index
    assert "2 lessons overdue or without a review date" in index
    assert "1 due within 30 days" in index
    assert f'href="{REVIEW_DUE}"' in listing


def test_review_due_queries_do_not_grow_with_lessons(editor_client, django_assert_max_num_queries):
    for n in range(2):
        due_lessons(next_review_on=days(-n))
    with CaptureQueriesContext(connection) as few:
        editor_client.get(REVIEW_DUE)
    for n in range(15):
        due_lessons(next_review_on=days(-n))

    with django_assert_max_num_queries(len(few)):
        response = editor_client.get(REVIEW_DUE)

    assert len(response.context["lessons"]) == 17
