import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from learn.models import Article
from publishing.models import Status
from tests.factories import make_article, make_contributor

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 3, 1)


def days(n):
    return TODAY + datetime.timedelta(days=n)


def test_next_review_must_be_after_last_review():
    article = make_article(last_reviewed_on=days(0), next_review_on=days(0))

    with pytest.raises(ValidationError) as error:
        article.full_clean()

    assert "next_review_on" in error.value.message_dict


@pytest.mark.parametrize("missing", ["medical_reviewer", "last_reviewed_on", "next_review_on"])
def test_published_lesson_needs_reviewer_and_review_dates(missing):
    article = make_article(status=Status.DRAFT)
    setattr(article, missing, None)
    article.full_clean()  # A draft may lack them.

    article.status = Status.PUBLISHED
    with pytest.raises(ValidationError) as error:
        article.full_clean()

    assert list(error.value.message_dict) == [missing]


def test_expiry_must_be_after_publish_time():
    article = make_article()
    article.expires_at = article.publish_at - datetime.timedelta(minutes=1)

    with pytest.raises(ValidationError) as error:
        article.full_clean()

    assert "expires_at" in error.value.message_dict


def test_save_renders_body_and_counts_words():
    article = make_article(body="## Myelin\n\nMyelin covers nerve fibres.[^1]")

    assert '<h2 id="myelin">Myelin</h2>' in article.body_html
    assert 'href="#source-1"' in article.body_html
    assert article.word_count == 5
    assert article.reading_minutes == 1


@pytest.mark.parametrize(
    ("next_review", "state"),
    [(-1, "overdue"), (0, "due_soon"), (30, "due_soon"), (31, "not_due")],
)
def test_review_state_by_next_review_date(next_review, state):
    article = make_article(last_reviewed_on=days(-400), next_review_on=days(next_review))

    assert article.review_state(today=TODAY) == state


def test_review_state_is_empty_without_a_date():
    article = make_article(status=Status.DRAFT, next_review_on=None)

    assert article.review_state() == ""


def test_review_querysets_split_lessons_by_due_date():
    reviewer = make_contributor()
    overdue = make_article(
        last_reviewed_on=days(-400), next_review_on=days(-1), medical_reviewer=reviewer
    )
    soon = make_article(
        last_reviewed_on=days(-300), next_review_on=days(30), medical_reviewer=reviewer
    )
    later = make_article(
        last_reviewed_on=days(-10), next_review_on=days(31), medical_reviewer=reviewer
    )
    undated = make_article(status=Status.DRAFT, next_review_on=None)

    assert list(Article.objects.review_overdue(today=TODAY)) == [overdue]
    assert list(Article.objects.review_due_soon(today=TODAY)) == [soon]
    assert list(Article.objects.review_not_due(today=TODAY)) == [later]
    assert undated not in Article.objects.review_not_due(today=TODAY)


def test_article_queryset_keeps_published():
    make_article(status=Status.DRAFT)
    public = make_article(publish_at=timezone.now() - datetime.timedelta(hours=1))

    assert list(Article.objects.published()) == [public]
