import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from learn.models import Article
from publishing.models import Status
from tests.factories import cite, make_article, make_contributor, make_reference
from tests.governance.helpers import (
    change_url,
    messages_of,
    post_change_form,
    save_approve_publish,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
ARTICLES = reverse("admin:learn_article_changelist")


def publish_by_action(client, article):
    response = client.post(
        ARTICLES, {"action": "publish_selected", "_selected_action": [article.pk]}, follow=True
    )
    article.refresh_from_db()
    return response.content.decode()


@pytest.mark.parametrize(
    ("missing", "field_label"),
    [
        ("medical_reviewer", "Medical reviewer"),
        ("last_reviewed_on", "Last medically reviewed"),
        ("next_review_on", "Next review due"),
    ],
)
def test_publishing_without_a_reviewer_or_review_date_is_refused(
    editor_client, missing, field_label
):
    article = make_article(status=Status.DRAFT, **{missing: None})

    form = post_change_form(editor_client, article, _workflow="publish")
    action = publish_by_action(editor_client, article)

    assert form.status_code == 200
    assert "A published lesson needs this. Fill it in or keep it as a draft." in (
        form.content.decode()
    )
    assert f"{field_label}: A published lesson needs this." in action
    assert article.status == Status.DRAFT


def test_next_review_more_than_three_years_after_the_last_is_refused(editor_client):
    last = datetime.date(2026, 2, 1)
    article = make_article(
        status=Status.DRAFT, last_reviewed_on=last, next_review_on=datetime.date(2029, 2, 2)
    )

    form = post_change_form(editor_client, article, _workflow="publish")
    action = publish_by_action(editor_client, article)

    message = "The next review must be at most 3 years after the last review."
    assert message in form.content.decode()
    assert f"Next review due: {message}" in action
    assert article.status == Status.DRAFT

    # Exactly three years is allowed.
    post_change_form(editor_client, article, _workflow="publish", next_review_on="2029-02-01")
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED


def test_three_years_after_29_february_is_28_february():
    article = make_article(
        last_reviewed_on=datetime.date(2028, 2, 29), next_review_on=datetime.date(2031, 2, 28)
    )
    article.full_clean()

    article.next_review_on = datetime.date(2031, 3, 1)
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert list(error.value.message_dict) == ["next_review_on"]


def test_publishing_a_lesson_without_sources_is_refused(editor_client):
    article = make_article(status=Status.DRAFT, sources=0)

    form = post_change_form(editor_client, article, _workflow="publish")
    action = publish_by_action(editor_client, article)

    assert "A published lesson needs at least one source. Add one below" in form.content.decode()
    assert "A published lesson needs at least one source." in action
    assert article.status == Status.DRAFT


def test_source_count_comes_from_the_submitted_sources(editor_client):
    article = make_article(status=Status.DRAFT, sources=0)
    reference = make_reference()

    # Adding the first source in the same save as publishing is refused: sources are part of
    # the reviewed text, so a reviewer approves them first…
    unapproved = post_change_form(
        editor_client, article, _workflow="publish", **{"citations-0-reference": reference.pk}
    )
    assert unapproved.status_code == 200
    assert "Save the changes to the sources or questions first" in unapproved.content.decode()
    assert article.citations.count() == 0

    # …and once saved and approved, the saved source counts.
    response = save_approve_publish(
        editor_client, article, **{"citations-0-reference": reference.pk}
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.citations.count() == 1

    # …and deleting the last source of a published lesson in a save is refused.
    refused = post_change_form(editor_client, article, **{"citations-0-DELETE": "on"})

    assert refused.status_code == 200
    assert "A published lesson needs at least one source." in refused.content.decode()
    assert article.citations.count() == 1


def test_outside_the_admin_the_sources_are_counted_in_the_database():
    article = make_article(status=Status.DRAFT, sources=0)
    article.status = Status.PUBLISHED

    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "at least one source" in " ".join(error.value.messages)

    cite(article, make_reference())
    article.full_clean()


def test_reviewer_without_a_dated_conflicts_statement_blocks_publishing(editor_client):
    reviewer = make_contributor(name="Dr Ada", conflicts_declared_on=None)
    article = make_article(status=Status.DRAFT, medical_reviewer=reviewer)

    form = post_change_form(editor_client, article, _workflow="publish")
    action = publish_by_action(editor_client, article)

    message = "Dr Ada has no dated conflicts-of-interest statement."
    assert message in form.content.decode()
    assert message in action
    assert article.status == Status.DRAFT

    reviewer.conflicts_declared_on = TODAY
    reviewer.save()
    publish_by_action(editor_client, article)
    assert article.status == Status.PUBLISHED


def test_reviewer_of_a_published_lesson_keeps_a_dated_statement(editor_client):
    reviewer = make_contributor()
    make_article(medical_reviewer=reviewer)

    response = post_change_form(
        editor_client, reviewer, conflicts_declared_on="", conflicts_of_interest="None declared."
    )

    assert response.status_code == 200
    assert "This person is the medical reviewer of published lessons" in (response.content.decode())
    reviewer.refresh_from_db()
    assert reviewer.conflicts_declared_on is not None


def test_a_reviewer_of_drafts_only_may_have_no_statement_yet(editor_client):
    reviewer = make_contributor()
    make_article(status=Status.DRAFT, medical_reviewer=reviewer)

    response = post_change_form(editor_client, reviewer, conflicts_declared_on="")

    assert response.status_code == 302
    reviewer.refresh_from_db()
    assert reviewer.conflicts_declared_on is None


def test_a_valid_lesson_publishes_with_every_rule_met(editor_client):
    article = make_article(status=Status.DRAFT)

    response = post_change_form(editor_client, article, _workflow="publish")

    assert response.status_code == 302
    assert "is now “Published”" in " ".join(messages_of(response))
    assert Article.objects.get(pk=article.pk).status == Status.PUBLISHED
    assert change_url(article) == response["Location"]
