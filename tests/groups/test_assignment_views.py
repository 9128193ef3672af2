import csv
import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from groups import services
from groups.models import Accommodation, Assignment, Hold
from publishing.models import Status
from quizzes.models import Attempt, Choice, Quiz
from tests.factories import make_quiz, make_user
from tests.groups.conftest import add_members, submit_attempt

pytestmark = pytest.mark.django_db


def detail_url(assignment):
    return reverse("groups:assignment-detail", args=[assignment.group_id, assignment.pk])


def csv_url(assignment):
    return reverse("groups:assignment-results-csv", args=[assignment.group_id, assignment.pk])


def fill_group(group, assignment, count, prefix="learner"):
    users = add_members(group, count, prefix=prefix)
    for i, user in enumerate(users):
        submit_attempt(
            assignment=assignment, user=user, correct=[True, i % 2 == 0, i % 3 == 0, False]
        )
    return users


# --- creating and changing assignments -----------------------------------------------------


def test_educator_assigns_a_published_quiz_with_dates(client, educator, group, quiz):
    client.force_login(educator)
    response = client.post(
        reverse("groups:assignment-create", args=[group.pk]),
        {
            "quiz": quiz.pk,
            "opens_at": "2026-06-01T09:00",
            "due_at": "2026-06-15T17:00",
            "max_attempts": "2",
            "instructions": "Read lesson 2 first.",
        },
    )
    assignment = Assignment.objects.get(group=group)
    assert response.status_code == 302
    assert response.url == detail_url(assignment)
    assert (assignment.max_attempts, assignment.instructions) == (2, "Read lesson 2 first.")
    assert assignment.due_at > assignment.opens_at


def test_assignment_form_offers_only_published_quizzes(client, educator, group, quiz):
    draft = make_quiz(status="draft", title="Draft quiz")
    client.force_login(educator)
    response = client.get(reverse("groups:assignment-create", args=[group.pk]))
    body = response.content.decode()
    assert quiz.title in body and "Draft quiz" not in body
    response = client.post(reverse("groups:assignment-create", args=[group.pk]), {"quiz": draft.pk})
    assert response.status_code == 400
    assert not Assignment.objects.exists()


def test_assignment_form_refuses_due_before_opening(client, educator, group, quiz):
    client.force_login(educator)
    response = client.post(
        reverse("groups:assignment-create", args=[group.pk]),
        {"quiz": quiz.pk, "opens_at": "2026-06-15T09:00", "due_at": "2026-06-01T09:00"},
    )
    assert response.status_code == 400
    assert "The due date must be after the opening date" in response.content.decode()
    assert not Assignment.objects.exists()


def test_educator_changes_an_assignment(client, educator, assignment):
    client.force_login(educator)
    url = reverse("groups:assignment-edit", args=[assignment.group_id, assignment.pk])
    response = client.post(url, {"due_at": "2030-01-10T12:00", "max_attempts": "3"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.max_attempts == 3
    assert assignment.due_at.year == 2030


# --- the learner's page --------------------------------------------------------------------


def test_learner_page_shows_status_dates_and_educator_overrides(
    client, educator, learner, assignment
):
    due = datetime.datetime(2030, 6, 3, 12, tzinfo=datetime.UTC)
    services.accommodation_set(
        assignment=assignment, educator=educator, user=learner, extra_attempts=1, due_at=due
    )
    client.force_login(learner)
    body = client.get(detail_url(assignment)).content.decode()
    assert "Your educator has given you: 1 extra attempt, due 3 June 2030." in body
    assert "Not started" in body
    assert "Start" in body and "Pause" in body


def test_learner_page_shows_their_extra_time(client, learner, group, educator):
    from accounts.models import Profile

    quiz = make_quiz(questions=1, time_limit_minutes=20)
    assignment = services.assignment_create(group=group, educator=educator, quiz=quiz)
    Profile.objects.create(user=learner, extra_time="x1.5")
    client.force_login(learner)
    body = client.get(detail_url(assignment)).content.decode()
    assert "30 minutes (the quiz has 20; you have extra time)" in body


def test_my_assignments_on_groups_page_show_status_by_text(client, learner, group, assignment):
    submit_attempt(assignment=assignment, user=learner, correct=[True, True, True, False])
    client.force_login(learner)
    body = client.get(reverse("groups:group-list")).content.decode()
    assert "My assignments" in body
    assert re.search(r'class="status status--submitted">Submitted<', body)
    assert "Your score: 75%" in body


def test_my_assignments_include_renders_for_learners_and_not_for_visitors(rf, learner, assignment):
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string

    request = rf.get("/")
    request.user = learner
    assert "Gut and brain" in render_to_string("includes/_my_assignments.html", request=request)
    request.user = AnonymousUser()
    assert render_to_string("includes/_my_assignments.html", request=request).strip() == ""


def test_overdue_status_on_the_learners_page(client, learner, assignment):
    Assignment.objects.filter(pk=assignment.pk).update(
        due_at=timezone.now() - datetime.timedelta(days=1)
    )
    client.force_login(learner)
    assert "Overdue" in client.get(detail_url(assignment)).content.decode()


# --- pause and resume ----------------------------------------------------------------------


def test_pause_and_resume(client, learner, educator, assignment):
    client.force_login(learner)
    pause = reverse("groups:assignment-pause", args=[assignment.group_id, assignment.pk])
    resume = reverse("groups:assignment-resume", args=[assignment.group_id, assignment.pk])
    body = client.post(pause, follow=True).content.decode()
    assert "On hold" in body
    assert Hold.objects.get(user=learner).ended_at is None
    # Pretend the pause began two and a half days ago.
    Hold.objects.update(started_at=timezone.now() - datetime.timedelta(days=2, hours=12))
    body = client.post(resume, follow=True).content.decode()
    assert Hold.objects.get(user=learner).ended_at is not None
    assert "moved on by 3 days you paused" in body
    client.force_login(educator)
    body = client.get(detail_url(assignment)).content.decode()
    assert "3 days" in body


def test_pause_twice_keeps_one_hold(client, learner, assignment):
    client.force_login(learner)
    pause = reverse("groups:assignment-pause", args=[assignment.group_id, assignment.pk])
    client.post(pause)
    response = client.post(pause, follow=True)
    assert "already paused" in response.content.decode()
    assert Hold.objects.count() == 1


def test_educator_sees_an_open_hold(client, learner, educator, assignment):
    services.hold_start(assignment=assignment, user=learner)
    client.force_login(educator)
    body = client.get(detail_url(assignment)).content.decode()
    assert "On hold" in body and "paused since" in body


# --- start (the quiz flow's attempt_start is replaced by a stand-in here only) -------------


def start_url(assignment):
    return reverse("groups:assignment-start", args=[assignment.group_id, assignment.pk])


def test_start_ties_the_attempt_to_the_assignment(client, learner, assignment):
    client.force_login(learner)
    response = client.post(start_url(assignment))
    attempt = Attempt.objects.get()
    assert response.url == reverse("quizzes:attempt-detail", args=[attempt.pk])
    assert (attempt.quiz, attempt.user, attempt.assignment) == (
        assignment.quiz,
        learner,
        assignment,
    )
    # The real quiz flow then serves that attempt, with every question in its stored order.
    page = client.get(response.url)
    assert page.status_code == 200
    assert len(attempt.question_order) == assignment.quiz.questions.count()


def test_start_continues_an_unfinished_attempt(client, learner, assignment):
    attempt = Attempt.objects.create(quiz=assignment.quiz, user=learner, assignment=assignment)
    client.force_login(learner)
    response = client.post(start_url(assignment))
    assert response.url == reverse("quizzes:attempt-detail", args=[attempt.pk])
    assert Attempt.objects.count() == 1


def test_start_before_opening_is_refused(client, learner, assignment):
    Assignment.objects.filter(pk=assignment.pk).update(
        opens_at=timezone.now() + datetime.timedelta(days=2)
    )
    client.force_login(learner)
    response = client.post(start_url(assignment), follow=True)
    assert "This assignment opens on" in response.content.decode()
    assert not Attempt.objects.exists()


def test_start_after_the_last_attempt_is_refused_unless_given_more(
    client, learner, educator, assignment
):
    Assignment.objects.filter(pk=assignment.pk).update(max_attempts=1)
    submit_attempt(assignment=assignment, user=learner, correct=[True] * 4)
    client.force_login(learner)
    response = client.post(start_url(assignment), follow=True)
    assert "You have used all the attempts" in response.content.decode()
    assert Attempt.objects.filter(user=learner).count() == 1
    services.accommodation_set(
        assignment=assignment, educator=educator, user=learner, extra_attempts=1
    )
    response = client.post(start_url(assignment))
    assert Attempt.objects.filter(user=learner, assignment=assignment).count() == 2


def test_start_of_an_archived_quiz_explains_and_creates_nothing(client, learner, assignment):
    Quiz.objects.filter(pk=assignment.quiz_id).update(status=Status.ARCHIVED)
    client.force_login(learner)
    response = client.post(start_url(assignment), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == detail_url(assignment)
    assert "We could not find that quiz." in response.content.decode()
    assert not Attempt.objects.exists()


# --- accommodations through the page -------------------------------------------------------


def test_educator_sets_accommodations_for_one_learner(client, educator, learner, assignment):
    client.force_login(educator)
    url = reverse(
        "groups:accommodation-edit", args=[assignment.group_id, assignment.pk, learner.pk]
    )
    later = (assignment.due_at + datetime.timedelta(days=4)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, {"extra_attempts": "1", "due_at": later, "extra_time": "x2"})
    assert response.status_code == 302
    accommodation = Accommodation.objects.get(user=learner)
    assert (accommodation.extra_attempts, accommodation.extra_time) == (1, "x2")
    body = client.get(detail_url(assignment)).content.decode()
    assert "1 extra attempt" in body and "double time" in body


def test_accommodation_with_an_earlier_date_is_refused(client, educator, learner, assignment):
    client.force_login(educator)
    url = reverse(
        "groups:accommodation-edit", args=[assignment.group_id, assignment.pk, learner.pk]
    )
    earlier = (assignment.due_at - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, {"extra_attempts": "0", "due_at": earlier})
    assert response.status_code == 400
    assert "after the assignment" in response.content.decode()
    assert not Accommodation.objects.exists()


def test_accommodation_page_for_a_non_member_is_404(client, educator, outsider, assignment):
    client.force_login(educator)
    url = reverse(
        "groups:accommodation-edit", args=[assignment.group_id, assignment.pk, outsider.pk]
    )
    assert client.get(url).status_code == 404


# --- the dashboard -------------------------------------------------------------------------


def test_dashboard_shows_summary_histogram_and_questions(client, educator, group, assignment):
    fill_group(group, assignment, 9)
    question = assignment.quiz.questions.order_by("position").last()
    Choice.objects.filter(question=question, position=2).update(misconception="MS is contagious")
    client.force_login(educator)
    response = client.get(detail_url(assignment))
    body = response.content.decode()
    assert "Completion rate" in body and "Median score" in body
    assert re.search(
        r'<svg[^>]*role="img"[^>]*aria-labelledby="histogram-title histogram-desc"', body
    )
    assert '<title id="histogram-title">' in body and '<desc id="histogram-desc">' in body
    assert "Learners in each score range" in body
    assert "Misconception: MS is contagious" in body
    # Plain words first; the technical figure only inside a disclosure.
    assert "Check this question" in body and "Most learners got this one wrong" in body
    assert "Almost everyone got this right" in body
    assert re.search(r"<details[^>]*>\s*<summary>Technical figure", body)
    assert "Discrimination index:" in body
    assert "style=" not in body and "<script>" not in body
    assert body.count('scope="row"') >= 10 + 4 + 10  # learners, questions, histogram rows


def test_dashboard_for_a_small_group_explains_and_still_lists_learners(
    client, educator, group, learner, assignment
):
    submit_attempt(assignment=assignment, user=learner, correct=[True, False, True, False])
    client.force_login(educator)
    body = client.get(detail_url(assignment)).content.decode()
    assert "appear once at least 5 learners have submitted" in body
    assert "<svg" not in body and "Median score" not in body and "Discrimination" not in body
    assert "Sam Lee" in body and "50.0%" in body


def test_dashboard_filters_learners_by_status(client, educator, group, assignment):
    fill_group(group, assignment, 3)
    client.force_login(educator)
    response = client.get(detail_url(assignment) + "?status=not_started")
    names = [row.name for row in response.context["page"].object_list]
    assert names == ["Sam Lee"]


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200
        b"".join(response) if response.streaming else response.content
    return len(ctx)


@pytest.mark.parametrize("url_for", [detail_url, csv_url])
def test_dashboard_and_csv_query_count_is_the_same_for_3_and_60_learners(
    client, educator, group, assignment, url_for
):
    client.force_login(educator)
    fill_group(group, assignment, 2, prefix="first")  # plus the fixture's learner: 3
    services.hold_start(assignment=assignment, user=group.memberships.first().user)
    few = _queries(client, url_for(assignment))
    users = fill_group(group, assignment, 57, prefix="more")
    for user in users[:10]:
        services.accommodation_set(
            assignment=assignment, educator=educator, user=user, extra_attempts=1
        )
        services.hold_start(assignment=assignment, user=user)
    assert group.memberships.count() == 60
    assert _queries(client, url_for(assignment)) == few
    assert 5 < few <= 15


# --- CSV -----------------------------------------------------------------------------------


def read_csv(response):
    raw = response.content
    assert raw.startswith("\ufeff".encode())  # Excel reads UTF-8 only with the BOM
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_csv_learners_and_questions_are_two_files_and_neutralise_formulas(
    client, educator, group, assignment
):
    fill_group(group, assignment, 5)
    evil = make_user(username='=HYPERLINK("http://x")', first_name="@SUM(1)", last_name="")
    tab = make_user(username="tabby", first_name="\t=1+1")
    for user in (evil, tab):
        group.memberships.create(user=user)
    question = assignment.quiz.questions.order_by("position").first()
    question.prompt = "-2+3 is it?"
    question.save()
    client.force_login(educator)
    response = client.get(csv_url(assignment))
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == (
        'attachment; filename="tuesday-class-gut-and-brain-learners.csv"'
    )
    learners = read_csv(response)
    assert [] not in learners  # one table per file
    assert learners[0][:3] == ["Learner", "Username", "Status"]
    assert len(learners) == 1 + 8
    by_username = {row[1]: row for row in learners[1:]}
    assert '\'=HYPERLINK("http://x")' in by_username
    assert by_username['\'=HYPERLINK("http://x")'][0] == "'@SUM(1)"
    assert by_username["tabby"][0] == "'=1+1"  # the name is trimmed, then escaped
    response = client.get(csv_url(assignment) + "?table=questions")
    assert response["Content-Disposition"].endswith('-questions.csv"')
    questions = read_csv(response)
    assert [] not in questions
    assert questions[0][:4] == ["Question number", "Question", "Correct (%)", "What it suggests"]
    assert len(questions) == 1 + 4
    assert questions[1][1] == "'-2+3 is it?"
    for row in learners + questions:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")) or _is_number(cell)


def test_csv_numbers_have_one_decimal_and_times_are_iso_8601_with_offset(
    client, settings, educator, group, learner, assignment
):
    settings.TIME_ZONE = "Europe/Paris"
    users = fill_group(group, assignment, 5)  # each submitted
    submit_attempt(assignment=assignment, user=learner, correct=[True, True, False, False])
    now = timezone.now()
    Hold.objects.create(assignment=assignment, user=users[0], started_at=now)
    client.force_login(educator)
    rows = read_csv(client.get(csv_url(assignment)))
    header = rows[0]
    sam = next(row for row in rows if row[1] == "sam")
    assert sam[header.index("Counted score (%)")] == "50.0"
    submitted = datetime.datetime.fromisoformat(sam[header.index("Submitted")])
    assert submitted.utcoffset() is not None and abs(submitted - now) < datetime.timedelta(1)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", sam[header.index("Due")])
    paused = next(row for row in rows if row[1] == users[0].username)
    assert re.fullmatch(r"\S+[+-]\d\d:\d\d/\.\.", paused[header.index("Holds")])
    questions = read_csv(client.get(csv_url(assignment) + "?table=questions"))
    for row in questions[1:]:
        for index in (2, 5):  # percent correct, discrimination index
            assert re.fullmatch(r"-?\d+\.\d", row[index]), row


def test_csv_refuses_an_unknown_table(client, educator, assignment):
    client.force_login(educator)
    response = client.get(csv_url(assignment) + "?table=secrets")
    assert response.status_code == 400
    assert "Unknown table" in response.content.decode()


def _is_number(cell):
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_csv_keeps_numbers_numeric():
    from groups.results_csv import csv_cell

    assert csv_cell(-0.25) == -0.2
    assert str(csv_cell(-0.04)) == "0.0"  # never "-0.0"
    assert csv_cell(100.0) == 100.0
    assert csv_cell("-0.25") == "'-0.25"
    assert csv_cell("+1") == "'+1"
    assert csv_cell("\rx") == "'\rx"
    assert csv_cell("\t=1") == "'\t=1"
    assert csv_cell(None) == ""
    assert csv_cell(3) == 3


def test_csv_hides_questions_for_a_small_group(client, educator, group, learner, assignment):
    submit_attempt(assignment=assignment, user=learner, correct=[True] * 4)
    client.force_login(educator)
    rows = read_csv(client.get(csv_url(assignment)))
    assert rows[1][0] == "Sam Lee" and rows[1][3] == "100.0"
    rows = read_csv(client.get(csv_url(assignment) + "?table=questions"))
    assert rows[0][0] == "Question number"
    assert rows[1][0].startswith("Hidden: fewer than 5 learners")
    assert len(rows) == 2


def test_accommodation_form_has_no_due_date_when_the_assignment_has_none(
    client, educator, learner, group, quiz
):
    assignment = services.assignment_create(group=group, educator=educator, quiz=quiz)
    client.force_login(educator)
    url = reverse("groups:accommodation-edit", args=[group.pk, assignment.pk, learner.pk])
    assert 'name="due_at"' not in client.get(url).content.decode()
    assert client.post(url, {"extra_attempts": "2"}).status_code == 302
    assert Accommodation.objects.get(user=learner).extra_attempts == 2


def test_home_page_lists_my_assignments_with_a_fixed_number_of_queries(
    client, learner, educator, group
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from groups.services import assignment_create
    from tests.factories import make_quiz

    def home_queries():
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/")
        assert response.status_code == 200
        return len(queries), response.content.decode()

    client.force_login(learner)
    assignment_create(group=group, educator=educator, quiz=make_quiz(questions=2, title="Quiz A"))
    one, html = home_queries()
    assert "My assignments" in html and "Quiz A" in html
    for _ in range(5):
        assignment_create(group=group, educator=educator, quiz=make_quiz(questions=2))
    six, _html = home_queries()
    assert one == six <= 11
