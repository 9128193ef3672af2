"""The review gate at the model level: what a medical reviewer approves (`reviewed_text`) and
who may not approve it (`review_author_user_ids`), for each kind of reviewed content.

The workflow compares a fingerprint of `reviewed_text()` with the one approved, so every edit
that must need a new approval has to change it, and every edit that must not, must not.
"""

import pytest

from publishing.models import Status
from publishing.workflow import approval_problems, text_digest
from tests.factories import (
    make_article,
    make_contributor,
    make_faq,
    make_question,
    make_quiz,
    make_reference,
    make_reviewer,
    make_user,
)

pytestmark = pytest.mark.django_db


def digest(item):
    item.refresh_from_db()
    return text_digest(item.reviewed_text())


@pytest.mark.parametrize("field", ["title", "summary", "body"])
def test_each_reviewed_field_of_a_lesson_changes_the_approved_text(field):
    article = make_article()
    before = digest(article)

    setattr(article, field, getattr(article, field) + " changed")
    article.save()

    assert digest(article) != before
    assert approval_problems(article)


def test_a_lesson_field_outside_the_review_leaves_the_approved_text_alone():
    article = make_article()
    before = digest(article)

    article.position += 1
    article.save()

    assert digest(article) == before
    assert approval_problems(article) == []


def test_a_new_source_on_a_lesson_changes_the_approved_text():
    article = make_article()
    before = digest(article)
    article.citations.create(reference=make_reference(), position=9)

    assert digest(article) != before


@pytest.mark.parametrize("field", ["question", "answer"])
def test_each_reviewed_field_of_a_faq_changes_the_approved_text(field):
    faq = make_faq()
    before = digest(faq)

    setattr(faq, field, getattr(faq, field) + " changed")
    faq.save()

    assert digest(faq) != before


def test_a_quiz_question_or_choice_edit_changes_the_approved_text():
    quiz = make_quiz(status=Status.DRAFT, approved=False)
    question = make_question(quiz=quiz)
    before = digest(quiz)

    choice = question.choices.first()
    choice.text += " changed"
    choice.save()
    after_choice = digest(quiz)
    question.prompt += " changed"
    question.save()

    assert len({before, after_choice, digest(quiz)}) == 3


def test_the_latest_editor_and_the_linked_author_may_not_approve_a_lesson():
    writer = make_user(is_staff=True)
    author = make_reviewer()
    article = make_article(author=author.contributor_profile)
    article.body += " edited"
    article._history_user = writer
    article.save()

    assert article.review_author_user_ids() == {writer.pk, author.pk}


def test_an_author_profile_without_an_account_adds_nobody():
    article = make_article(author=make_contributor())

    assert article.review_author_user_ids() == set()


def test_whoever_edited_a_quiz_question_may_not_approve_the_quiz():
    quiz = make_quiz(status=Status.DRAFT, approved=False)
    question = make_question(quiz=quiz)
    question_editor = make_user(is_staff=True)
    question.prompt += " edited"
    question._history_user = question_editor
    question.save()

    assert question_editor.pk in quiz.review_author_user_ids()
