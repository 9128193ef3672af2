"""The educator's drill-down into one learner's answers, and sorting the learners table."""

import datetime
import re

import pytest
from django.urls import reverse

from groups import services
from quizzes import services as quiz_services
from quizzes.models import Attempt, Response
from tests.factories import make_user
from tests.groups.conftest import add_members, submit_attempt

pytestmark = pytest.mark.django_db


def answers_url(assignment, user_id, group_id=None):
    return reverse(
        "groups:learner-answers",
        args=[group_id or assignment.group_id, assignment.pk, user_id],
    )


def detail_url(assignment):
    return reverse("groups:assignment-detail", args=[assignment.group_id, assignment.pk])


def take(assignment, user, *, right):
    """Answer every question through the real services (right: choice 1; else choice 2)."""
    attempt = services.assignment_attempt_start(
        quiz=assignment.quiz, user=user, assignment=assignment
    )
    for question in assignment.quiz.questions.order_by("position"):
        choices = list(question.choices.order_by("position"))
        chosen = choices[0] if right(question.position) else choices[1]
        quiz_services.attempt_answer(
            attempt=attempt, question_id=question.pk, choice_ids=[chosen.pk]
        )
    return quiz_services.attempt_submit(attempt=attempt)


def test_a_learners_name_opens_their_answers(client, educator, learner, assignment):
    attempt = take(assignment, learner, right=lambda position: position != 2)
    started = attempt.started_at
    for i, response in enumerate(Response.objects.filter(attempt=attempt).order_by("id")):
        Response.objects.filter(pk=response.pk).update(
            answered_at=started + datetime.timedelta(seconds=30 * (i + 1) + (60 if i == 3 else 0))
        )
    Attempt.objects.filter(pk=attempt.pk).update(submitted_at=started + datetime.timedelta(hours=3))
    last = Response.objects.filter(attempt=attempt).order_by("id").last()
    client.force_login(educator)
    dashboard = client.get(detail_url(assignment)).content.decode()
    assert f'href="{answers_url(assignment, learner.pk)}"' in dashboard
    response = client.get(answers_url(assignment, learner.pk))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Sam Lee: Gut and brain</h1>" in body
    assert body.count('class="answer-card"') == 4
    assert body.count(">Right<") == 3 and body.count(">Not right<") == 1
    question = assignment.quiz.questions.get(position=2)
    wrong = question.choices.order_by("position")[1]
    assert wrong.text in body
    assert body.count("30 seconds") == 3 and "about 2 minutes" in body
    assert "75.0%" in body
    # A time outside the attempt (say, repaired data) is no time at all, not a huge one.
    Response.objects.filter(pk=last.pk).update(answered_at=started + datetime.timedelta(days=9))
    body = client.get(answers_url(assignment, learner.pk)).content.decode()
    assert "about 2 minutes" not in body and "hour" not in body and "<dd>—</dd>" in body


def test_answers_page_before_a_submission_says_so(client, educator, learner, assignment):
    client.force_login(educator)
    assert "has not started" in client.get(answers_url(assignment, learner.pk)).content.decode()
    Attempt.objects.create(quiz=assignment.quiz, user=learner, assignment=assignment)
    body = client.get(answers_url(assignment, learner.pk)).content.decode()
    assert "not yet submitted" in body and "answer-card" not in body


def test_answers_page_refuses_everyone_but_the_groups_educator(
    client, educator, other_educator, learner, outsider, group, assignment, quiz
):
    take(assignment, learner, right=lambda position: True)
    url = answers_url(assignment, learner.pk)
    for person in (other_educator, learner, outsider):
        client.force_login(person)
        assert client.get(url).status_code == 404
    client.force_login(educator)
    # A learner not in the group, a tampered group id, an assignment of another group.
    assert client.get(answers_url(assignment, outsider.pk)).status_code == 404
    other_group = services.group_create(educator=other_educator, name="Elsewhere")
    assert client.get(answers_url(assignment, learner.pk, other_group.pk)).status_code == 404
    mine_too = services.group_create(educator=educator, name="Thursday")
    assert client.get(answers_url(assignment, learner.pk, mine_too.pk)).status_code == 404
    assert client.get(answers_url(assignment, 999999)).status_code == 404


def test_answers_page_query_count_does_not_grow_with_answers(
    client, educator, group, learner, django_assert_max_num_queries
):
    from tests.factories import make_quiz

    client.force_login(educator)
    counts = []
    for questions in (2, 20):
        quiz = make_quiz(questions=questions, title=f"Quiz of {questions}")
        assignment = services.assignment_create(group=group, educator=educator, quiz=quiz)
        take(assignment, learner, right=lambda position: position % 2 == 0)
        with django_assert_max_num_queries(ANSWERS_BUDGET) as ctx:
            assert client.get(answers_url(assignment, learner.pk)).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


ANSWERS_BUDGET = (
    9  # session, user, role, assignment, membership, attempts, questions, answers, choices
)


def _names(response):
    return [row.name for row in response.context["page"].object_list]


def test_learners_sort_by_name_score_and_submission(client, educator, group, learner, assignment):
    users = add_members(group, 3)  # learner-0 … learner-2; Sam Lee has not submitted
    base = learner.date_joined
    for i, (user, correct) in enumerate(
        zip(users, [[True] * 4, [False] * 4, [True, True, False, False]], strict=True)
    ):
        submit_attempt(
            assignment=assignment,
            user=user,
            correct=correct,
            submitted_at=base + datetime.timedelta(hours=3 - i),
        )
    client.force_login(educator)
    url = detail_url(assignment)
    assert _names(client.get(url)) == ["learner-0", "learner-1", "learner-2", "Sam Lee"]
    assert _names(client.get(url + "?sort=-name")) == [
        "Sam Lee",
        "learner-2",
        "learner-1",
        "learner-0",
    ]
    # Without a score, last in either direction.
    assert _names(client.get(url + "?sort=score")) == [
        "learner-1",
        "learner-2",
        "learner-0",
        "Sam Lee",
    ]
    assert _names(client.get(url + "?sort=-score")) == [
        "learner-0",
        "learner-2",
        "learner-1",
        "Sam Lee",
    ]
    assert _names(client.get(url + "?sort=submitted"))[:3] == [
        "learner-2",
        "learner-1",
        "learner-0",
    ]
    response = client.get(url + "?sort=-score&status=submitted")
    assert _names(response) == ["learner-0", "learner-2", "learner-1"]
    body = response.content.decode()
    assert re.search(
        r'<th scope="col" aria-sort="descending"><a class="sort-link" href="\?sort=score', body
    )
    assert body.count("aria-sort=") == 1
    # The filter links keep the sort; the sort links keep the filter.
    assert 'href="?sort=-score&amp;status=in_progress"' in body
    assert 'href="?sort=name&amp;status=submitted"' in body


@pytest.mark.parametrize("sort", ["password", "--score", "score;drop", "-", "__class__"])
def test_an_unknown_sort_is_ignored(client, educator, group, learner, assignment, sort):
    add_members(group, 2)
    client.force_login(educator)
    response = client.get(detail_url(assignment) + f"?sort={sort}")
    assert response.status_code == 200
    assert _names(response) == ["learner-0", "learner-1", "Sam Lee"]
    assert "aria-sort=" not in response.content.decode()


def test_learners_table_is_a_named_focusable_region(client, educator, learner, assignment):
    client.force_login(educator)
    body = client.get(detail_url(assignment)).content.decode()
    assert re.search(
        r'<div class="table-wrap" tabindex="0" role="region" aria-labelledby="learners-caption">',
        body,
    )
    assert '<caption id="learners-caption">' in body


def test_display_name_or_username_is_shown(client, educator, group, assignment):
    plain = make_user(username="no-name-learner")
    group.memberships.create(user=plain)
    client.force_login(educator)
    body = client.get(answers_url(assignment, plain.pk)).content.decode()
    assert "no-name-learner: Gut and brain" in body


def test_learner_row_words_escape_the_name_and_follow_the_language(
    client, educator, group, assignment
):
    from groups.models import Accommodation, Membership

    odd = make_user(username="odd", first_name='<b>Ann & "Co"</b>', last_name="")
    Membership.objects.create(group=group, user=odd)
    assignment.max_attempts = 2
    assignment.save()
    Accommodation.objects.create(assignment=assignment, user=odd, extra_attempts=1)
    client.force_login(educator)
    english = client.get(detail_url(assignment)).content.decode()
    assert "for &lt;b&gt;Ann &amp; &quot;Co&quot;&lt;/b&gt;</span>" in english
    assert "<b>Ann" not in english
    assert "0 of 3</td>" in english and "0 of 2</td>" in english
    assert '<span class="status status--not_started">Not started</span>' in english
    spanish = client.get("/es" + detail_url(assignment)).content.decode()
    assert "para &lt;b&gt;Ann &amp; &quot;Co&quot;&lt;/b&gt;</span>" in spanish
    assert "0 de 3</td>" in spanish
    assert '<span class="status status--not_started">Sin empezar</span>' in spanish
