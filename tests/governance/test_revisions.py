import re

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learn.models import (
    FAQ,
    Article,
)
from publishing.diffs import line_diff, word_pieces
from publishing.models import Status
from quizzes.models import Quiz
from tests.factories import make_article, make_faq, make_question, make_quiz, make_user
from tests.governance.helpers import (
    form_data,
    messages_of,
    post_change_form,
    save_approve_publish,
)
from tests.learn.helpers import executable_parts

pytestmark = pytest.mark.django_db


def history_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_history", args=[obj.pk])


def compare_url(obj):
    info = f"{obj._meta.app_label}_{obj._meta.model_name}"
    return reverse(f"admin:{info}_history_compare", args=[obj.pk])


def revision_url(obj, revision):
    info = f"{obj._meta.app_label}_{obj._meta.model_name}"
    return reverse(f"admin:{info}_simple_history", args=[obj.pk, revision.history_id])


def revisions(obj):
    return list(obj.history.order_by("history_date", "history_id"))


@pytest.fixture
def edited_lesson(editor_client):
    """A lesson created (revision 1), then edited twice through the admin (revisions 2, 3)."""
    article = make_article(title="Gut microbes", body="Line one.\nLine two.\nLine three.")
    post_change_form(
        editor_client, article, body="Line one.\nLine 2 <script>alert(1)</script>.", minor_edit="on"
    )
    post_change_form(
        editor_client,
        article,
        title="Gut microbes & MS",
        body="Line one.\nLine 2 <script>alert(1)</script>.\nA new line.",
        minor_edit="on",
    )
    return article


def test_every_admin_save_is_a_revision_with_who_and_when(edited_lesson, editor):
    first, second, third = revisions(edited_lesson)

    assert first.history_user is None  # Made by the factory, outside a request.
    assert (second.history_user, third.history_user) == (editor, editor)
    assert third.title == "Gut microbes & MS"
    assert third.sources.startswith("[1] Reference ")  # The sources at that revision.


def test_history_page_lists_revisions_newest_first_with_what_changed(editor_client, edited_lesson):
    content = editor_client.get(history_url(edited_lesson)).content.decode()

    assert "3 revisions, numbered from the oldest." in content
    assert content.index("Revision 3") < content.index("Revision 2") < content.index("Revision 1")
    row_3 = content[content.index("Revision 3") : content.index("Revision 2")]
    assert "Title, Body" in row_3
    assert "Edith Editor" in row_3
    assert 'type="radio" name="from"' in content


def test_compare_shows_the_changes_between_revisions_1_and_3_escaped(editor_client, edited_lesson):
    first, _second, third = revisions(edited_lesson)

    response = editor_client.get(
        compare_url(edited_lesson), {"from": third.history_id, "to": first.history_id}
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Compare revisions 1 and 3" in content  # The older one goes left whatever the order.
    assert "<del>Gut microbes</del>" in content
    assert "<ins>Gut microbes &amp; MS</ins>" in content
    # The body, line by line: line 2 changed, line 3 replaced by a new line.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "<script>alert" not in content
    assert "A new line." in re.sub("<[^>]+>", "", content)
    main = content[content.index('id="content-main"') : content.index("<!-- SVGs -->")]
    assert executable_parts(main) == []


def test_compare_of_the_same_content_says_so(editor_client):
    article = make_article()
    post_change_form(editor_client, article)
    first, second = revisions(article)

    content = editor_client.get(
        compare_url(article), {"from": first.history_id, "to": second.history_id}
    ).content.decode()

    assert "These two revisions are the same in every field compared here." in content


@pytest.mark.parametrize("params", [{}, {"from": "x", "to": "1"}, {"from": "999999", "to": "1"}])
def test_compare_with_bad_revisions_goes_back_to_the_history(editor_client, params):
    article = make_article()

    response = editor_client.get(compare_url(article), params)

    assert response.status_code == 302
    assert response["Location"] == history_url(article)


def test_compare_refuses_a_revision_of_another_item(editor_client):
    article, other = make_article(), make_article()

    response = editor_client.get(
        compare_url(article),
        {"from": revisions(article)[0].history_id, "to": revisions(other)[0].history_id},
    )

    assert response.status_code == 302


def test_revert_to_revision_1_restores_content_and_records_a_new_revision(
    editor_client, edited_lesson, editor
):
    first = revisions(edited_lesson)[0]
    url = revision_url(edited_lesson, first)
    page = editor_client.get(url)
    assert "This is revision 1" in page.content.decode()

    response = editor_client.post(url, form_data(page, "article_form", minor_edit="on"))

    assert response.status_code == 302
    edited_lesson.refresh_from_db()
    assert edited_lesson.title == "Gut microbes"
    assert edited_lesson.body == "Line one.\nLine two.\nLine three."
    assert "<script>" not in edited_lesson.body_html
    latest = revisions(edited_lesson)[-1]
    assert len(revisions(edited_lesson)) == 4
    assert (latest.history_change_reason, latest.history_user) == (
        "Reverted to revision 1",
        editor,
    )
    assert "is back to revision 1" in " ".join(messages_of(response))


def test_revert_keeps_the_current_status_and_schedule(editor_client):
    article = make_article(status=Status.DRAFT, title="Old words")
    save_approve_publish(editor_client, article, title="New words")
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    first = revisions(article)[0]
    page = editor_client.get(revision_url(article, first))

    editor_client.post(
        revision_url(article, first), form_data(page, "article_form", minor_edit="on")
    )

    article.refresh_from_db()
    assert (article.title, article.status) == ("Old words", Status.PUBLISHED)


def test_revert_of_a_published_lesson_to_a_version_without_reviewer_is_refused(editor_client):
    # Revision 1: a draft without a medical reviewer. Then reviewed and published.
    article = make_article(status=Status.DRAFT, medical_reviewer=None, title="Unreviewed")
    reviewer = article.author
    changes = {"medical_reviewer": reviewer.pk, "title": "Reviewed"}
    assert save_approve_publish(editor_client, article, **changes).status_code == 302
    first = revisions(article)[0]
    page = editor_client.get(revision_url(article, first))

    response = editor_client.post(
        revision_url(article, first), form_data(page, "article_form", minor_edit="on")
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Not reverted: revision 1 does not pass today" in content
    assert "A published lesson needs this." in content
    article.refresh_from_db()
    assert (article.title, article.status, article.medical_reviewer) == (
        "Reviewed",
        Status.PUBLISHED,
        reviewer,
    )


def test_viewers_may_read_a_revision_but_not_revert(client, edited_lesson):
    viewer = make_user(is_staff=True)
    viewer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_article", "view_historicalarticle"])
    )
    client.force_login(viewer)
    first = revisions(edited_lesson)[0]
    url = revision_url(edited_lesson, first)

    page = client.get(url)
    assert page.status_code == 200
    assert "Revert to this revision" not in page.content.decode()
    assert client.get(history_url(edited_lesson)).status_code == 200

    assert client.post(url, {"title": "Hacked"}).status_code == 403
    edited_lesson.refresh_from_db()
    assert edited_lesson.title == "Gut microbes & MS"


def test_revert_needs_csrf(editor, edited_lesson):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    first = revisions(edited_lesson)[0]

    assert client.post(revision_url(edited_lesson, first), {}).status_code == 403


def test_unknown_revision_is_a_404(editor_client):
    article = make_article()
    info = "admin:learn_article_simple_history"

    assert editor_client.get(reverse(info, args=[article.pk, "abc"])).status_code == 404
    assert editor_client.get(reverse(info, args=[article.pk, 999999])).status_code == 404


def test_faq_quiz_and_question_keep_revisions_too(editor_client):
    faq = make_faq()
    post_change_form(editor_client, faq, answer="A better answer.", minor_edit="on")
    quiz = make_quiz(questions=1)
    question = quiz.questions.get()
    post_change_form(editor_client, question, prompt="A clearer question?", minor_edit="on")

    assert [r.answer for r in revisions(FAQ.objects.get(pk=faq.pk))] == [
        "An answer.",
        "A better answer.",
    ]
    assert revisions(question)[-1].prompt == "A clearer question?"
    for obj in (faq, quiz, question):
        assert editor_client.get(history_url(obj)).status_code == 200
    assert Quiz.history.filter(id=quiz.pk).count() == 1


def test_quiz_revert_keeps_the_questions_and_the_status(editor_client):
    quiz = make_quiz(title="First title")
    make_question(quiz=quiz)
    quiz.title = "Second title"
    quiz.save()
    first = revisions(quiz)[0]
    page = editor_client.get(revision_url(quiz, first))

    response = editor_client.post(
        revision_url(quiz, first), form_data(page, "quiz_form", minor_edit="on")
    )

    assert response.status_code == 302
    quiz.refresh_from_db()
    assert (quiz.title, quiz.status, quiz.questions.count()) == ("First title", "published", 1)


def test_history_page_queries_do_not_grow_with_revisions(
    editor_client, django_assert_max_num_queries
):
    article = make_article()
    for _ in range(3):
        Article.objects.get(pk=article.pk).save()
    with CaptureQueriesContext(connection) as few:
        editor_client.get(history_url(article))
    for _ in range(20):
        Article.objects.get(pk=article.pk).save()

    with django_assert_max_num_queries(len(few)):
        assert editor_client.get(history_url(article)).status_code == 200


# The diff itself ----------------------------------------------------------------------------


def test_line_diff_pairs_changed_lines_and_marks_changed_words():
    rows = line_diff("a\nthe cat sat\nc", "a\nthe dog sat\nc\nd")

    assert [row.kind for row in rows] == ["same", "changed", "same", "added"]
    changed = rows[1]
    assert changed.old == [("the ", False), ("cat", True), (" sat", False)]
    assert changed.new == [("the ", False), ("dog", True), (" sat", False)]
    assert (rows[3].old_number, rows[3].new_number) == (None, 4)


def test_line_diff_leaves_out_long_unchanged_stretches():
    old = "\n".join(f"line {n}" for n in range(1, 41))
    new = old.replace("line 20", "line twenty")

    rows = line_diff(old, new)

    kinds = [row.kind for row in rows]
    assert kinds[0] == "gap" and kinds[-1] == "gap"
    assert kinds.count("changed") == 1
    assert rows[0].skipped == 16 and rows[-1].skipped == 17
    assert len(rows) == 9


def test_line_diff_of_equal_texts_is_empty():
    assert line_diff("same\ntext", "same\ntext") == []


def test_word_pieces_keep_markup_as_plain_text():
    old, new = word_pieces("plain", "<b>bold</b>")

    assert "".join(text for text, _changed in new) == "<b>bold</b>"
    assert all(re.search("[<>]", text) is None for text, _changed in old)
