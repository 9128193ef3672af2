"""`publishing.workflow.item_move` is the one way a status changes.

Every list action of every publishable model moves items through it (a signal spy sees each
move), the change form reports its moves through the same module, and no app code changes a
status with a bulk `.update()`, which would skip the revision, the log and the page cache.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from core.roles import EDITORS
from publishing.models import Status, StatusChange
from publishing.workflow import item_moved
from quizzes.models import Quiz
from tests.factories import make_article, make_faq, make_quiz, make_user

pytestmark = pytest.mark.django_db

APPS = ("core", "publishing", "learn", "editorial", "quizzes", "groups", "accounts", "msportal")
# .update(status=...), .update(..., status=...) over several lines, and
# bulk_update(..., ["status"]). A call about another kind of status (a reader's feedback is
# triaged, never published) says so with the marker on the line that starts it.
BULK_STATUS = re.compile(
    r"\.update\((?:[^()]|\([^()]*\))*?\bstatus\s*=|bulk_update\([^)]*[\"']status[\"']"
)
NOT_PUBLISHING = "# not a publishing status"


@pytest.fixture
def editor_client():
    editor = make_user(username="editor-spy", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITORS))
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def moves():
    seen = []

    def spy(sender, *, item, from_status, to_status, user, **kwargs):
        seen.append((sender, item.pk, from_status, to_status, user.username))

    item_moved.connect(spy, dispatch_uid="test-spy")
    yield seen
    item_moved.disconnect(dispatch_uid="test-spy")


def test_no_app_code_changes_a_status_with_a_bulk_update():
    offenders = []
    for app in APPS:
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            lines = text.splitlines()
            for match in BULK_STATUS.finditer(text):
                number = text.count("\n", 0, match.start()) + 1
                if NOT_PUBLISHING not in lines[number - 1]:
                    offenders.append(f"{path.relative_to(settings.BASE_DIR)}:{number}")
    assert offenders == []


def test_the_bulk_update_check_would_catch_one():
    assert BULK_STATUS.search('Quiz.objects.filter(pk__in=ids).update(status="published")')
    assert BULK_STATUS.search("qs.update(updated_at=now, status=Status.PUBLISHED)")
    assert BULK_STATUS.search('Quiz.objects.bulk_update(quizzes, ["status"])')
    assert BULK_STATUS.search("qs.update(\n    updated_at=timezone.now(),\n    status=s,\n)")
    assert not BULK_STATUS.search("qs.update(needs_check=True)")
    assert not BULK_STATUS.search("qs.filter(status=s).update(needs_check=True)")


@pytest.mark.parametrize(
    ("changelist", "make", "action", "to_status"),
    [
        ("admin:learn_article_changelist", make_article, "archive_selected", Status.ARCHIVED),
        ("admin:learn_faq_changelist", make_faq, "move_to_draft", Status.DRAFT),
        ("admin:quizzes_quiz_changelist", make_quiz, "archive_selected", Status.ARCHIVED),
        (
            "admin:quizzes_quiz_changelist",
            lambda: make_quiz(questions=2, status=Status.DRAFT),
            "publish_selected",
            Status.PUBLISHED,
        ),
        (
            "admin:learn_article_changelist",
            lambda: make_article(status=Status.DRAFT),
            "send_to_review_selected",
            Status.IN_REVIEW,
        ),
    ],
)
def test_every_list_action_moves_through_item_move(
    editor_client, moves, changelist, make, action, to_status
):
    item = make()
    before = item.status
    editor_client.post(reverse(changelist), {"action": action, "_selected_action": [item.pk]})
    item.refresh_from_db()
    assert item.status == to_status
    assert moves == [(type(item), item.pk, before, to_status, "editor-spy")]
    assert StatusChange.objects.filter(object_id=item.pk, to_status=to_status).count() == 1


def test_the_quiz_publish_action_writes_a_revision_and_refreshes_the_cached_quiz_list(
    editor_client,
):
    quiz = make_quiz(title="Probiotics: what trials show", questions=2, status=Status.DRAFT)
    revisions = quiz.history.count()
    list_url = reverse("quizzes:quiz-list")
    assert "Probiotics: what trials show" not in Client().get(list_url).content.decode()
    # The list is now in the public page cache, without the draft quiz.

    response = editor_client.post(
        reverse("admin:quizzes_quiz_changelist"),
        {"action": "publish_selected", "_selected_action": [quiz.pk]},
        follow=True,
    )

    assert "Published “Probiotics: what trials show”." in [
        str(m) for m in response.context["messages"]
    ]
    assert Quiz.objects.get(pk=quiz.pk).status == Status.PUBLISHED
    assert quiz.history.count() == revisions + 1
    assert quiz.history.first().status == Status.PUBLISHED
    assert "Probiotics: what trials show" in Client().get(list_url).content.decode()
