"""Medical review is a gate: only a medical reviewer who did not write the change approves it,
and publishing (service, list action, change form) needs an approval of the current text."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from learn.models import Article
from publishing.models import ReviewApproval, Status, StatusChange, StatusChangeKind
from publishing.workflow import (
    approval_problems,
    item_approve_review,
    item_move,
    status_changes_for,
)
from tests.factories import (
    make_article,
    make_contributor,
    make_faq,
    make_question,
    make_quiz,
    make_reviewer,
    make_user,
)
from tests.governance.helpers import (
    change_url,
    edited_by,
    form_data,
    messages_of,
    post_change_form,
)

pytestmark = pytest.mark.django_db


# Who may approve -----------------------------------------------------------------------------


def test_a_reviewer_cannot_approve_their_own_change():
    reviewer = make_reviewer()
    article = edited_by(make_article(status=Status.IN_REVIEW, approved=False), reviewer, body="X")

    with pytest.raises(ValidationError, match="you cannot approve it"):
        item_approve_review(item=article, user=reviewer)

    assert not ReviewApproval.objects.exists()


def test_the_named_author_linked_to_the_reviewer_cannot_approve():
    reviewer = make_reviewer()
    article = make_article(
        status=Status.IN_REVIEW, approved=False, author=reviewer.contributor_profile
    )

    with pytest.raises(ValidationError, match="you cannot approve it"):
        item_approve_review(item=article, user=reviewer)


def test_an_editor_who_is_not_a_medical_reviewer_cannot_approve():
    editor = make_user(is_staff=True, groups=["Editors"], is_superuser=True)
    faq = make_faq(status=Status.IN_REVIEW, approved=False)

    with pytest.raises(ValidationError, match="Only a medical reviewer"):
        item_approve_review(item=faq, user=editor)

    assert not ReviewApproval.objects.exists()


def test_a_reviewer_without_a_contributor_profile_cannot_approve():
    user = make_user(is_staff=True, groups=["Medical reviewers"])
    article = make_article(status=Status.IN_REVIEW, approved=False)

    with pytest.raises(ValidationError, match="not linked to a contributor profile"):
        item_approve_review(item=article, user=user)


def test_approval_records_who_when_and_the_revision():
    writer, reviewer = make_user(), make_reviewer()
    article = edited_by(make_article(status=Status.IN_REVIEW, approved=False), writer, body="Y")
    latest = article.history.order_by("-history_id").first()

    approval = item_approve_review(item=article, user=reviewer, note="Checked the doses.")

    assert (approval.item, approval.approved_by, approval.revision_id) == (
        article,
        reviewer,
        latest.history_id,
    )
    assert approval.approved_at is not None
    assert approval_problems(article) == []
    logged = StatusChange.objects.get(kind="approval")
    assert (logged.user, f"revision {latest.history_id}" in logged.note) == (reviewer, True)


# The gate --------------------------------------------------------------------------------------


def test_an_unapproved_lesson_cannot_be_published_by_the_service():
    article = make_article(status=Status.IN_REVIEW, approved=False)

    with pytest.raises(ValidationError, match="has not approved"):
        item_move(item=article, to_status=Status.PUBLISHED)

    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW


def test_an_approved_text_edited_afterwards_needs_a_new_approval():
    article = make_article(status=Status.IN_REVIEW, approved=False)
    item_approve_review(item=article, user=make_reviewer())
    edited_by(article, make_user(), summary="A new claim.")

    with pytest.raises(ValidationError, match="changed after"):
        item_move(item=Article.objects.get(pk=article.pk), to_status=Status.PUBLISHED)

    item_approve_review(item=article, user=make_reviewer())
    item_move(item=Article.objects.get(pk=article.pk), to_status=Status.PUBLISHED)
    assert Article.objects.get(pk=article.pk).status == Status.PUBLISHED


def test_a_quiz_question_edited_after_approval_needs_a_new_approval():
    quiz = make_quiz(status=Status.DRAFT, questions=1)
    question = quiz.questions.get()
    question.explanation = "A different reason."
    question.save()

    with pytest.raises(ValidationError, match="changed after"):
        item_move(item=quiz, to_status=Status.PUBLISHED)


def test_a_quiz_question_editor_cannot_approve_the_quiz():
    reviewer = make_reviewer()
    quiz = make_quiz(status=Status.DRAFT, approved=False)
    question = make_question(quiz=quiz)
    question._history_user = reviewer
    question.prompt = "Changed by the reviewer?"
    question.save()

    with pytest.raises(ValidationError, match="you cannot approve it"):
        item_approve_review(item=quiz, user=reviewer)


def test_the_list_action_refuses_an_edited_approved_lesson(editor_client):
    article = make_article(status=Status.IN_REVIEW)
    edited_by(article, make_user(), body="Changed after approval.")

    response = editor_client.post(
        reverse("admin:learn_article_changelist"),
        {"action": "publish_selected", "_selected_action": [article.pk]},
        follow=True,
    )

    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW
    assert any("changed after" in m for m in messages_of(response))


def test_the_publish_button_refuses_an_edited_approved_lesson(editor_client):
    article = make_article(status=Status.IN_REVIEW)

    response = post_change_form(editor_client, article, _workflow="publish", body="New body.")

    assert response.status_code == 200
    assert "changed after" in response.content.decode()
    article.refresh_from_db()
    assert (article.status, article.body) == (Status.IN_REVIEW, "Some plain words about MS.")


def test_choosing_published_in_the_status_menu_is_gated_too(editor_client):
    faq = make_faq(status=Status.DRAFT, approved=False)

    response = post_change_form(editor_client, faq, status=Status.PUBLISHED)

    assert response.status_code == 200
    faq.refresh_from_db()
    assert faq.status == Status.DRAFT


# The admin button ------------------------------------------------------------------------------


def test_the_approve_button_is_offered_to_reviewers_only(client, editor_client):
    article = make_article(status=Status.IN_REVIEW, approved=False)
    button = "workflow-move-approve"
    assert button not in editor_client.get(change_url(article)).content.decode()

    client.force_login(make_reviewer())
    page = client.get(change_url(article)).content.decode()

    assert button in page and "Approve medical review</button>" in page


def test_a_reviewer_approves_from_the_change_form_and_an_editor_is_refused(client, editor_client):
    quiz = make_quiz(status=Status.IN_REVIEW, approved=False, questions=1)
    url = reverse("admin:quizzes_quiz_approve_review", args=[quiz.pk])

    refused = editor_client.post(url, follow=True)
    assert any("Only a medical reviewer" in m for m in messages_of(refused))
    assert not ReviewApproval.objects.exists()

    reviewer = make_reviewer()
    client.force_login(reviewer)
    response = client.post(url)

    assert response.status_code == 302
    assert ReviewApproval.objects.get().approved_by == reviewer
    item_move(item=quiz, to_status=Status.PUBLISHED)


# The page --------------------------------------------------------------------------------------


def test_the_lesson_page_names_the_approver_with_credentials(client):
    article = make_article(approved=False, medical_reviewer=make_contributor(name="Old Name"))
    reviewer = make_reviewer(first_name="Rita")
    profile = reviewer.contributor_profile
    profile.name, profile.qualifications = "Rita Reviewer", "MD, MS neurologist"
    profile.save()
    item_approve_review(item=article, user=reviewer)

    html = client.get(article.get_absolute_url()).content.decode()

    assert "Rita Reviewer, MD, MS neurologist" in html
    assert "Old Name" not in html


# Evidence level --------------------------------------------------------------------------------


def test_a_new_lesson_has_no_evidence_level_until_the_editor_chooses(editor_client):
    assert Article._meta.get_field("evidence_level").has_default() is False
    form = editor_client.get(reverse("admin:learn_article_add")).context["adminform"].form
    field = form.fields["evidence_level"]

    assert field.required and form.initial.get("evidence_level") in (None, "")


# Editing public text ("live edit") -----------------------------------------------------------


def live_items():
    """(item, the change that alters its reviewed text, how to read that text back)."""
    article = make_article(body="Approved body.")
    faq = make_faq(answer="Approved answer.")
    quiz = make_quiz(questions=1)
    quiz_prompt = lambda: quiz.questions.get().prompt  # noqa: E731
    return [
        (article, {"body": "Changed body."}, lambda: Article.objects.get(pk=article.pk).body),
        (faq, {"answer": "Changed answer."}, lambda: type(faq).objects.get(pk=faq.pk).answer),
        (quiz, {"questions-0-prompt": "A changed question?"}, quiz_prompt),
    ]


def minor_edits_of(item):
    return [
        change for change in status_changes_for(item) if change.kind == StatusChangeKind.MINOR_EDIT
    ]


@pytest.mark.parametrize("index", [0, 1, 2], ids=["lesson", "faq", "quiz"])
def test_changing_public_text_without_the_minor_edit_tick_is_refused(editor_client, index):
    item, change, text = live_items()[index]
    before = text()

    response = post_change_form(editor_client, item, **change)

    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.non_field_errors())
    assert "This text is public and was approved by factory-reviewer on" in errors
    assert "Tick “Minor edit” for a typo fix" in errors
    assert text() == before
    assert minor_edits_of(item) == []


@pytest.mark.parametrize("index", [0, 1, 2], ids=["lesson", "faq", "quiz"])
def test_a_ticked_minor_edit_is_saved_and_logged_without_a_new_approval(
    editor_client, editor, index
):
    item, change, text = live_items()[index]
    approvals = ReviewApproval.objects.count()

    response = post_change_form(editor_client, item, minor_edit="on", **change)

    assert response.status_code == 302
    assert text() == next(iter(change.values()))
    [logged] = minor_edits_of(item)
    assert (logged.user, logged.from_status, logged.to_status) == (editor, "published", "published")
    assert "The page still names factory-reviewer's approval" in logged.note
    assert ReviewApproval.objects.count() == approvals


@pytest.mark.parametrize("index", [0, 1, 2], ids=["lesson", "faq", "quiz"])
def test_an_edit_that_keeps_the_reviewed_text_needs_no_tick(editor_client, index):
    item, _change, _text = live_items()[index]

    response = post_change_form(
        editor_client, item, expires_at_0="2099-01-01", expires_at_1="12:00:00"
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.expires_at.year == 2099
    assert minor_edits_of(item) == []


def test_after_a_minor_edit_an_expiry_change_needs_no_tick(editor_client):
    article = make_article()
    post_change_form(editor_client, article, body="Typo fixed.", minor_edit="on")

    response = post_change_form(
        editor_client, article, expires_at_0="2099-01-01", expires_at_1="12:00:00"
    )

    assert response.status_code == 302
    assert len(minor_edits_of(article)) == 1


def test_moving_a_published_lesson_back_to_draft_with_new_text_needs_no_tick(editor_client):
    article = make_article()

    response = post_change_form(editor_client, article, _workflow="draft", body="Rewritten.")

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.status, article.body) == (Status.DRAFT, "Rewritten.")
    assert minor_edits_of(article) == []


def test_the_minor_edit_tick_is_offered_on_published_items_only(editor_client):
    published, draft = make_article(), make_article(status=Status.DRAFT)

    assert 'name="minor_edit"' in editor_client.get(change_url(published)).content.decode()
    assert 'name="minor_edit"' not in editor_client.get(change_url(draft)).content.decode()


def revert_url(article, number):
    revision = article.history.order_by("history_date", "history_id")[number - 1]
    return reverse("admin:learn_article_simple_history", args=[article.pk, revision.history_id])


def test_reverting_a_published_lesson_to_unapproved_text_needs_the_tick(editor_client):
    article = make_article(title="Approved words")
    post_change_form(editor_client, article, title="Typo-fixed words", minor_edit="on")
    post_change_form(editor_client, article, title="New words", minor_edit="on")
    url = revert_url(article, 2)
    page = editor_client.get(url)

    refused = editor_client.post(url, form_data(page, "article_form"))
    article.refresh_from_db()
    assert (refused.status_code, article.title) == (200, "New words")

    reverted = editor_client.post(url, form_data(page, "article_form", minor_edit="on"))
    article.refresh_from_db()
    assert (reverted.status_code, article.title) == (302, "Typo-fixed words")
    assert len(minor_edits_of(article)) == 3


def test_reverting_a_published_lesson_to_its_approved_text_needs_no_tick(editor_client):
    article = make_article(title="Approved words")
    post_change_form(editor_client, article, title="New words", minor_edit="on")
    url = revert_url(article, 1)

    response = editor_client.post(url, form_data(editor_client.get(url), "article_form"))

    article.refresh_from_db()
    assert (response.status_code, article.title) == (302, "Approved words")
    assert approval_problems(article) == []


def test_the_question_admin_refuses_a_public_question_change_without_the_tick(editor_client):
    quiz = make_quiz(questions=1)
    question = quiz.questions.get()
    before = (question.prompt, question.choices.order_by("position")[0].text)

    prompt = post_change_form(editor_client, question, prompt="A changed question?")
    choice = post_change_form(editor_client, question, **{"choices-0-text": "Changed."})

    for response in (prompt, choice):
        assert response.status_code == 200
        assert "This text is public" in " ".join(
            response.context["adminform"].form.errors["__all__"]
        )
    question.refresh_from_db()
    assert (question.prompt, question.choices.order_by("position")[0].text) == before
    assert minor_edits_of(quiz) == []


def test_a_ticked_question_edit_is_logged_on_its_quiz(editor_client, editor):
    quiz = make_quiz(questions=1)
    question = quiz.questions.get()

    response = post_change_form(
        editor_client, question, prompt="A clearer question?", minor_edit="on"
    )

    assert response.status_code == 302
    assert quiz.questions.get().prompt == "A clearer question?"
    assert [change.user for change in minor_edits_of(quiz)] == [editor]


def test_a_question_of_a_draft_quiz_needs_no_tick(editor_client):
    question = make_quiz(questions=1, status=Status.DRAFT).questions.get()

    response = post_change_form(editor_client, question, prompt="Rewritten?")

    assert response.status_code == 302


def test_a_choice_changed_on_a_published_quiz_form_needs_the_tick(editor_client):
    quiz = make_quiz(questions=1)
    choice = quiz.questions.get().choices.order_by("position")[0]

    refused = post_change_form(editor_client, quiz, **{"questions-0-choices-0-text": "Changed."})
    choice.refresh_from_db()
    assert (refused.status_code, choice.text == "Changed.") == (200, False)

    saved = post_change_form(
        editor_client, quiz, minor_edit="on", **{"questions-0-choices-0-text": "Changed."}
    )
    choice.refresh_from_db()
    assert (saved.status_code, choice.text) == (302, "Changed.")


def test_view_only_staff_are_not_offered_the_minor_edit_tick(client):
    client.force_login(make_reviewer())
    quiz = make_quiz(questions=1)

    for item in (make_article(), make_faq(), quiz, quiz.questions.get()):
        page = client.get(change_url(item))
        assert page.status_code == 200
        assert "Minor edit" not in page.content.decode()
