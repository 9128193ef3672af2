"""Editors' admin: site pages, glossary terms and the feedback queue."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from core.roles import EDITORS
from editorial.models import Feedback, FeedbackStatus, GlossaryTerm, SitePage
from editorial.services import feedback_create, feedback_set_status
from publishing.models import Status
from tests.editorial.helpers import make_page
from tests.factories import make_article, make_faq, make_user

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/editorial/feedback/"


@pytest.fixture
def editor(client):
    user = make_user(is_staff=True, groups=[EDITORS])
    client.force_login(user)
    return user


def _feedback(page=None, **kwargs):
    defaults = {"helpful": False, "kind": "mistake", "message": "A typo."}
    return feedback_create(page=page or make_article(), **(defaults | kwargs))


def test_editors_hold_the_editorial_permissions():
    perms = set(
        Group.objects.get(name=EDITORS)
        .permissions.filter(content_type__app_label="editorial")
        .values_list("codename", flat=True)
    )

    assert {"add_sitepage", "change_sitepage", "delete_glossaryterm", "view_glossaryterm"} <= perms
    assert {"view_feedback", "change_feedback", "delete_feedback"} <= perms
    assert "add_feedback" not in perms


def test_feedback_queue_lists_and_filters_by_status_kind_and_page(client, editor):
    lesson = make_article(title="Lesson about fibre")
    faq = make_faq(question="Can I take probiotics?")
    on_lesson = _feedback(lesson, message="Typo in fibre lesson")
    on_faq = _feedback(faq, kind="broken_link", message="Dead link in answer")
    feedback_set_status(
        items=Feedback.objects.filter(pk=on_faq.pk), status=FeedbackStatus.CLOSED, by=editor
    )

    listing = client.get(CHANGELIST).content.decode()
    new_only = client.get(CHANGELIST, {"status__exact": "new"}).content.decode()
    links = client.get(CHANGELIST, {"kind__exact": "broken_link"}).content.decode()
    faqs = client.get(CHANGELIST, {"page": "faq"}).content.decode()
    by_lesson = client.get(CHANGELIST, {"article__id__exact": lesson.pk}).content.decode()

    assert "Typo in fibre lesson" in listing and "Dead link in answer" in listing
    assert f'href="{lesson.get_absolute_url()}"' in listing
    assert "Typo in fibre lesson" in new_only and "Dead link in answer" not in new_only
    assert "Dead link in answer" in links and "Typo in fibre lesson" not in links
    assert "Dead link in answer" in faqs and "Typo in fibre lesson" not in faqs
    assert "Typo in fibre lesson" in by_lesson and "Dead link in answer" not in by_lesson
    assert on_lesson.status == FeedbackStatus.NEW


def test_queue_query_count_does_not_grow(client, editor, django_assert_max_num_queries):
    counts = []
    for n in (1, 30):
        for _ in range(n):
            _feedback(make_article(), contact_user=make_user())
        with django_assert_max_num_queries(12) as captured:
            assert client.get(CHANGELIST).status_code == 200
        counts.append(len(captured))

    assert counts[0] == counts[1]


def test_mark_in_progress_then_close_records_who_closed_it_and_when(client, editor):
    first, second = _feedback(), _feedback()
    ids = [first.pk, second.pk]

    response = client.post(
        CHANGELIST, {"action": "mark_in_progress", "_selected_action": ids}, follow=True
    )
    assert "2 messages marked in progress." in response.content.decode()
    assert set(Feedback.objects.values_list("status", flat=True)) == {"in_progress"}

    response = client.post(CHANGELIST, {"action": "close", "_selected_action": ids}, follow=True)

    assert "2 messages closed." in response.content.decode()
    for feedback in Feedback.objects.all():
        assert feedback.status == FeedbackStatus.CLOSED
        assert feedback.closed_by == editor
        assert feedback.closed_at is not None


def test_closing_again_keeps_the_first_closer_and_reopening_clears_it(editor):
    feedback = _feedback()
    items = Feedback.objects.filter(pk=feedback.pk)
    other = make_user()

    assert feedback_set_status(items=items, status=FeedbackStatus.CLOSED, by=editor) == 1
    assert feedback_set_status(items=items, status=FeedbackStatus.CLOSED, by=other) == 0
    assert Feedback.objects.get().closed_by == editor

    feedback_set_status(items=items, status=FeedbackStatus.IN_PROGRESS, by=other)

    feedback.refresh_from_db()
    assert (feedback.status, feedback.closed_by, feedback.closed_at) == ("in_progress", None, None)


def test_closing_from_the_change_form_records_the_editor(client, editor):
    feedback = _feedback()

    response = client.post(
        f"{CHANGELIST}{feedback.pk}/change/", {"status": "closed", "note": "Fixed the typo."}
    )

    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == "closed" and feedback.note == "Fixed the typo."
    assert feedback.closed_by == editor and feedback.closed_at is not None


def test_readers_words_cannot_be_changed_and_feedback_cannot_be_added(client, editor):
    feedback = _feedback(message="Original words")

    client.post(
        f"{CHANGELIST}{feedback.pk}/change/",
        {"status": "new", "message": "Rewritten", "kind": "other", "note": ""},
    )

    feedback.refresh_from_db()
    assert (feedback.message, feedback.kind) == ("Original words", "mistake")
    assert client.get(f"{CHANGELIST}add/").status_code == 403


def test_the_reply_address_shows_only_when_the_reader_asked_for_a_reply(client, editor):
    reader = make_user(username="reader")
    asked = _feedback(contact_user=reader)
    silent = _feedback()

    asked_page = client.get(f"{CHANGELIST}{asked.pk}/change/").content.decode()
    silent_page = client.get(f"{CHANGELIST}{silent.pk}/change/").content.decode()

    assert "reader@example.org" in asked_page  # make_user's address for "reader"
    assert "The reader did not ask for a reply." in silent_page


def test_feedback_about_a_deleted_page_keeps_its_title(client, editor):
    page = make_page(title="Old page")
    feedback = _feedback(page)
    page.delete()

    html = client.get(CHANGELIST).content.decode()

    feedback.refresh_from_db()
    assert feedback.site_page is None and feedback.page_title == "Old page"
    assert "Old page <em>(deleted)</em>" in html


def test_editors_add_a_glossary_term_and_a_site_page_in_the_admin(client, editor):
    term = client.post(
        "/admin/editorial/glossaryterm/add/",
        {
            "term": "butyrate",
            "slug": "butyrate",
            "also_matches": "butyric acid",
            "short_definition": "A short-chain fatty acid made by gut bacteria.",
            "body": "",
            "status": Status.PUBLISHED,
            "publish_at_0": "2026-01-01",
            "publish_at_1": "00:00:00",
        },
    )
    page = client.post(
        "/admin/editorial/sitepage/add/",
        {
            "title": "Accessibility",
            "slug": "accessibility",
            "summary": "",
            "body": "We test with a **keyboard**.",
            "status": Status.DRAFT,
            "publish_at_0": "2026-01-01",
            "publish_at_1": "00:00:00",
        },
    )

    assert term.status_code == 302 and page.status_code == 302
    assert GlossaryTerm.objects.get(slug="butyrate").variants == ["butyrate", "butyric acid"]
    assert "<strong>keyboard</strong>" in SitePage.objects.get(slug="accessibility").body_html


def test_a_glossary_term_clashing_with_another_is_explained_in_the_admin(client, editor):
    response = client.post(
        "/admin/editorial/glossaryterm/add/",
        {
            "term": "probiotic products",
            "slug": "probiotic-products",
            "also_matches": "probiotics",
            "short_definition": "Products.",
            "body": "",
            "status": Status.DRAFT,
            "publish_at_0": "2026-01-01",
            "publish_at_1": "00:00:00",
        },
    )

    assert response.status_code == 200
    assert "already belongs to the term" in response.content.decode()
    assert not GlossaryTerm.objects.filter(slug="probiotic-products").exists()


def test_the_markdown_preview_works_for_site_pages(client, editor):
    response = client.post("/admin/editorial/sitepage/preview/", {"source": "**Hi**"})

    assert response.json() == {"html": "<p><strong>Hi</strong></p>\n"}


def test_delete_old_feedback_removes_only_feedback_closed_long_ago(editor):
    old, recent, open_one = _feedback(), _feedback(), _feedback()
    Feedback.objects.filter(pk=old.pk).update(
        status="closed", closed_at=timezone.now() - datetime.timedelta(days=400)
    )
    Feedback.objects.filter(pk=recent.pk).update(
        status="closed", closed_at=timezone.now() - datetime.timedelta(days=10)
    )

    call_command("delete_old_feedback", stdout=io.StringIO())

    assert set(Feedback.objects.values_list("pk", flat=True)) == {recent.pk, open_one.pk}
