import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from publishing.models import Status
from quizzes.models import Attempt, Choice, Question, Quiz, Response, ResponseChoice
from tests.factories import approve, make_article, make_question, make_quiz, make_user

pytestmark = pytest.mark.django_db

QUIZ_PERMS = [
    f"{action}_{model}"
    for model in ("quiz", "question", "choice")
    for action in ("add", "change", "delete", "view")
]


@pytest.fixture
def editor():
    user = make_user(is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="quizzes", codename__in=QUIZ_PERMS)
    )
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def choice_rows(prefix, choices):
    """Nested choice formset data; a choice is (text, correct) or a dict of fields."""
    data = {
        f"{prefix}-TOTAL_FORMS": len(choices),
        f"{prefix}-INITIAL_FORMS": sum(1 for c in choices if isinstance(c, dict) and c.get("id")),
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 6,
    }
    for i, choice in enumerate(choices):
        if not isinstance(choice, dict):
            choice = {"text": choice[0], "is_correct": choice[1]}
        fields = {"position": "", "text": "", "feedback": "", "misconception": ""} | choice
        for name, value in fields.items():
            if name == "is_correct" or name == "DELETE":
                if value:
                    data[f"{prefix}-{i}-{name}"] = "on"
            else:
                data[f"{prefix}-{i}-{name}"] = "" if value is None else value
    return data


def question_rows(questions, *, initial=0):
    """Question inline data; each question is a dict of fields with "choices" inside."""
    data = {
        "questions-TOTAL_FORMS": len(questions),
        "questions-INITIAL_FORMS": initial,
        "questions-MIN_NUM_FORMS": 0,
        "questions-MAX_NUM_FORMS": 1000,
    }
    for i, question in enumerate(questions):
        question = dict(question)
        choices = question.pop("choices", [])
        fields = {
            "position": "",
            "kind": "single",
            "prompt": "",
            "explanation": "",
            "article": "",
            "anchor": "",
        } | question
        for name, value in fields.items():
            if name in ("needs_check", "DELETE"):
                if value:
                    data[f"questions-{i}-{name}"] = "on"
            else:
                data[f"questions-{i}-{name}"] = "" if value is None else value
        data |= choice_rows(f"questions-{i}-choices", choices)
    return data


def quiz_fields(**overrides):
    return {
        "title": "MS basics",
        "slug": "ms-basics",
        "module": "",
        "intro": "What MS is.",
        "status": Status.DRAFT,
        "publish_at_0": "2026-01-01",
        "publish_at_1": "09:00:00",
        "expires_at_0": "",
        "expires_at_1": "",
        "pass_percent": 70,
        "feedback_timing": "immediate",
        "max_attempts": "",
        "grading_method": "highest",
        "time_limit_minutes": "",
    } | overrides


def existing_rows(quiz, **changes):
    """The change form's data for a saved quiz's questions as they are; `changes` by question pk."""
    questions = []
    for question in quiz.questions.prefetch_related("choices"):
        row = {
            "id": question.pk,
            "quiz": quiz.pk,
            "position": question.position,
            "kind": question.kind,
            "prompt": question.prompt,
            "explanation": question.explanation,
            "choices": [
                {
                    "id": choice.pk,
                    "question": question.pk,
                    "position": choice.position,
                    "text": choice.text,
                    "is_correct": choice.is_correct,
                    "feedback": choice.feedback,
                }
                for choice in question.choices.all()
            ],
        }
        questions.append(row | changes.get(question.pk, {}))
    return questions


def change_url(quiz):
    return reverse("admin:quizzes_quiz_change", args=[quiz.pk])


def post_change(client, quiz, questions, **fields):
    data = quiz_fields(title=quiz.title, slug=quiz.slug, **fields)
    data |= question_rows(questions, initial=sum(1 for q in questions if q.get("id")))
    return client.post(change_url(quiz), data)


def answer(question, choice):
    """A learner's recorded answer, which protects the question and choice from deletion."""
    attempt = Attempt.objects.create(quiz=question.quiz, visitor_id="visitor-1")
    response = Response.objects.create(attempt=attempt, question=question, is_correct=True)
    ResponseChoice.objects.create(response=response, choice=choice)
    return response


def text_outside_details(html):
    return re.sub(r"<details.*?</details>", "", html, flags=re.S)


# --- one screen for a quiz, its questions and their choices ---------------------------------


def test_editor_creates_a_quiz_with_questions_and_choices_in_one_post(editor_client):
    lesson = make_article()
    data = quiz_fields(status=Status.DRAFT)  # Published once a medical reviewer approves it.
    data |= question_rows(
        [
            {
                "kind": "single",
                "prompt": "What does MS damage?",
                "explanation": "MS damages myelin.",
                "article": lesson.pk,
                "anchor": "what-is-myelin",
                "choices": [
                    {"text": "Myelin", "is_correct": True, "feedback": "Yes."},
                    {"text": "Bones", "misconception": "MS is a bone disease"},
                    ("", False),
                ],
            },
            {
                "kind": "multiple",
                "prompt": "Which are MS symptoms?",
                "explanation": "Both are common.",
                "choices": [("Fatigue", True), ("Numbness", True), ("Hair loss", False)],
            },
            {"choices": [("", False), ("", False)]},  # A blank extra question is ignored.
        ]
    )

    response = editor_client.post(reverse("admin:quizzes_quiz_add"), data)

    assert response.status_code == 302, response.context["errors"]
    quiz = Quiz.objects.get(slug="ms-basics")
    assert quiz.status == Status.DRAFT
    first, second = quiz.questions.all()
    assert (first.position, first.prompt, first.article, first.anchor) == (
        1,
        "What does MS damage?",
        lesson,
        "what-is-myelin",
    )
    assert [(c.position, c.text, c.is_correct) for c in first.choices.all()] == [
        (1, "Myelin", True),
        (2, "Bones", False),
    ]
    assert first.choices.get(text="Bones").misconception == "MS is a bone disease"
    assert second.position == 2
    assert [c.is_correct for c in second.choices.all()] == [True, True, False]


def test_add_page_offers_blank_questions_with_six_choice_rows_each(editor_client):
    response = editor_client.get(reverse("admin:quizzes_quiz_add"))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="questions-0-choices-5-text"' in html
    assert 'name="questions-0-choices-6-text"' not in html
    # The blank template Django's inline script copies carries its own choice rows.
    assert 'name="questions-__prefix__-choices-0-text"' in html
    assert "quiz-previewlink" not in html  # Nothing to preview before saving.


def test_typing_positions_reorders_questions_and_choices(editor_client):
    quiz = make_quiz(questions=3)
    q1, q2, q3 = quiz.questions.all()
    c1, c2, c3 = q1.choices.all()

    questions = existing_rows(quiz)
    questions[2]["position"] = 1  # The third question moves to the top.
    questions[0]["choices"][2]["position"] = 1  # Its last choice becomes its first.
    response = post_change(editor_client, quiz, questions, status=Status.PUBLISHED, minor_edit="on")

    assert response.status_code == 302, response.context["errors"]
    assert list(quiz.questions.values_list("pk", "position")) == [
        (q3.pk, 1),
        (q1.pk, 2),
        (q2.pk, 3),
    ]
    assert list(q1.choices.values_list("pk", "position")) == [(c3.pk, 1), (c1.pk, 2), (c2.pk, 3)]


def test_new_question_without_a_position_goes_last(editor_client):
    quiz = make_quiz(questions=2)
    questions = existing_rows(quiz) + [
        {
            "prompt": "New one?",
            "explanation": "Because.",
            "choices": [("Yes", True), ("No", False)],
        }
    ]
    response = post_change(editor_client, quiz, questions, status=Status.PUBLISHED, minor_edit="on")

    assert response.status_code == 302, response.context["errors"]
    assert list(quiz.questions.values_list("prompt", flat=True))[-1] == "New one?"
    assert list(quiz.questions.values_list("position", flat=True)) == [1, 2, 3]


# --- publishing follows the rules ----------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "choices", "expected"),
    [
        (
            "single",
            [("A", False), ("B", False)],
            "A single-choice question needs exactly one correct choice; it has 0.",
        ),
        (
            "single",
            [("A", True), ("B", True), ("C", False)],
            "A single-choice question needs exactly one correct choice; it has 2.",
        ),
        (
            "multiple",
            [("A", False), ("B", False), ("C", False)],
            "A multiple-answer question needs at least one correct choice.",
        ),
        ("single", [("A", True)], "A question needs at least two choices; it has 1."),
        (
            "true_false",
            [("True", True), ("False", False), ("Maybe", False)],
            "A true-or-false question needs exactly two choices; it has 3.",
        ),
    ],
)
def test_publishing_a_quiz_that_breaks_a_rule_is_refused(editor_client, kind, choices, expected):
    data = quiz_fields(status=Status.PUBLISHED)
    data |= question_rows(
        [
            {"prompt": "Good one?", "explanation": "Why.", "choices": [("Y", True), ("N", False)]},
            {"kind": kind, "prompt": "Broken one?", "explanation": "Why.", "choices": choices},
        ]
    )

    response = editor_client.post(reverse("admin:quizzes_quiz_add"), data)

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.non_form_errors() == [f"Question 2 (“Broken one?”): {expected}"]
    assert expected in response.content.decode()
    assert not Quiz.objects.exists()
    assert not Question.objects.exists()


def test_publishing_a_quiz_without_questions_is_refused(editor_client):
    data = quiz_fields(status=Status.PUBLISHED) | question_rows([])

    response = editor_client.post(reverse("admin:quizzes_quiz_add"), data)

    assert response.status_code == 200
    assert "A quiz needs at least one question before it can be published." in (
        response.content.decode()
    )
    assert not Quiz.objects.exists()


def test_unticking_the_only_correct_choice_of_a_published_quiz_is_refused(editor_client):
    quiz = make_quiz(questions=1)
    question = quiz.questions.get()
    questions = existing_rows(quiz)
    questions[0]["choices"][0]["is_correct"] = False

    response = post_change(editor_client, quiz, questions, status=Status.PUBLISHED)

    assert response.status_code == 200
    assert "exactly one correct choice; it has 0" in response.content.decode()
    assert question.choices.filter(is_correct=True).count() == 1


def test_a_broken_draft_can_be_fixed_approved_and_published(editor_client):
    quiz = make_quiz(status=Status.DRAFT)
    make_question(quiz=quiz, choices=[("A", False), ("B", False)])
    questions = existing_rows(quiz)
    questions[0]["choices"][1]["is_correct"] = True
    fields = {"intro": quiz.intro}
    assert post_change(editor_client, quiz, questions, **fields).status_code == 302
    quiz.refresh_from_db()
    approve(quiz)

    response = post_change(
        editor_client, quiz, existing_rows(quiz), status=Status.PUBLISHED, **fields
    )

    assert response.status_code == 302, response.context["errors"]
    quiz.refresh_from_db()
    assert quiz.status == Status.PUBLISHED


def test_a_broken_draft_saves_with_a_warning_naming_the_problem(editor_client):
    data = quiz_fields(status=Status.DRAFT)
    data |= question_rows(
        [{"prompt": "Half done?", "explanation": "Why.", "choices": [("A", False), ("B", False)]}]
    )

    response = editor_client.post(reverse("admin:quizzes_quiz_add"), data, follow=True)

    assert Quiz.objects.get().status == Status.DRAFT
    messages = [str(m) for m in response.context["messages"]]
    assert any(
        "Before this quiz can be published" in m and "Question 1 (“Half done?”)" in m
        for m in messages
    )


def test_publish_action_publishes_valid_quizzes_and_names_the_others(editor_client):
    ready = make_quiz(title="Ready quiz", status=Status.DRAFT, questions=2)
    broken = make_quiz(title="Broken quiz", status=Status.DRAFT)
    make_question(quiz=broken, kind="multiple", choices=[("A", False), ("B", False)])
    empty = make_quiz(title="Empty quiz", status=Status.DRAFT)

    response = editor_client.post(
        reverse("admin:quizzes_quiz_changelist"),
        {"action": "publish_selected", "_selected_action": [ready.pk, broken.pk, empty.pk]},
        follow=True,
    )

    statuses = dict(Quiz.objects.values_list("title", "status"))
    assert statuses == {
        "Ready quiz": Status.PUBLISHED,
        "Broken quiz": Status.DRAFT,
        "Empty quiz": Status.DRAFT,
    }
    messages = [str(m) for m in response.context["messages"]]
    assert "Published “Ready quiz”." in messages
    assert any(m.startswith("“Broken quiz” was not published.") for m in messages)
    assert any("at least one correct choice" in m for m in messages)
    assert any(m.startswith("“Empty quiz” was not published.") for m in messages)


# --- deleting what learners answered --------------------------------------------------------


def test_deleting_an_answered_question_from_the_quiz_form_is_refused_plainly(editor_client):
    quiz = make_quiz(questions=2)
    answered = quiz.questions.first()
    answer(answered, answered.choices.first())
    questions = existing_rows(quiz, **{str(answered.pk): {}})
    questions[0]["DELETE"] = True

    response = post_change(editor_client, quiz, questions, status=Status.PUBLISHED)

    assert response.status_code == 200
    assert "Learners have answered “Question 1" in response.content.decode()
    assert Question.objects.filter(pk=answered.pk).exists()


def test_deleting_an_answered_choice_from_the_quiz_form_is_refused_plainly(editor_client):
    quiz = make_quiz(questions=1)
    question = quiz.questions.get()
    picked = question.choices.last()
    answer(question, picked)
    questions = existing_rows(quiz)
    questions[0]["choices"][2]["DELETE"] = True

    response = post_change(editor_client, quiz, questions, status=Status.PUBLISHED)

    assert response.status_code == 200
    assert f"Learners have picked the choice “{picked.text}”" in response.content.decode()
    assert Choice.objects.filter(pk=picked.pk).exists()


def test_deleting_unanswered_questions_and_choices_works(editor_client):
    quiz = make_quiz(questions=2)
    questions = existing_rows(quiz)
    questions[0]["DELETE"] = True
    questions[1]["choices"][2]["DELETE"] = True

    response = post_change(editor_client, quiz, questions, status=Status.PUBLISHED, minor_edit="on")

    assert response.status_code == 302, response.context["errors"]
    remaining = quiz.questions.get()
    assert remaining.position == 1
    assert remaining.choices.count() == 2


def test_question_delete_page_explains_why_an_answered_question_stays(editor_client):
    question = make_question()
    answer(question, question.choices.first())

    response = editor_client.get(reverse("admin:quizzes_question_delete", args=[question.pk]))

    html = response.content.decode()
    assert "Learners have answered the question" in html
    assert "1 answer given by a learner (kept as it was)" in html
    assert "Yes, I’m sure" not in html


def test_quiz_delete_page_explains_why_a_taken_quiz_stays(editor_client):
    quiz = make_quiz(questions=1)
    question = quiz.questions.get()
    answer(question, question.choices.first())

    response = editor_client.get(reverse("admin:quizzes_quiz_delete", args=[quiz.pk]))

    html = response.content.decode()
    assert "can't be deleted, because learners' work or group assignments depend on it" in html
    assert "1 attempt by a learner (kept with its score)" in html
    assert "Archived" in html


# --- question admin -------------------------------------------------------------------------


def test_mark_as_checked_action_clears_the_flag(editor_client):
    flagged = make_question(needs_check=True)
    other = make_question(needs_check=True)

    response = editor_client.post(
        reverse("admin:quizzes_question_changelist"),
        {"action": "mark_checked", "_selected_action": [flagged.pk]},
        follow=True,
    )

    flagged.refresh_from_db()
    other.refresh_from_db()
    assert (flagged.needs_check, other.needs_check) == (False, True)
    assert "Marked 1 question as checked." in [str(m) for m in response.context["messages"]]


def test_question_list_filters_by_needs_check_and_searches_prompts(editor_client):
    make_question(prompt="About myelin?", needs_check=True)
    make_question(prompt="About fibre?")

    url = reverse("admin:quizzes_question_changelist")
    flagged = editor_client.get(url, {"needs_check__exact": "1"}).content.decode()
    found = editor_client.get(url, {"q": "fibre"}).content.decode()

    assert "About myelin?" in flagged and "About fibre?" not in flagged
    assert "About fibre?" in found and "About myelin?" not in found


def test_question_admin_refuses_choices_that_break_a_published_quiz(editor_client):
    question = make_question()
    choices = list(question.choices.all())
    data = {
        "kind": "single",
        "prompt": question.prompt,
        "explanation": question.explanation,
        "article": "",
        "anchor": "",
    } | choice_rows(
        "choices",
        [
            {"id": c.pk, "question": question.pk, "position": c.position, "text": c.text}
            for c in choices  # No choice ticked as correct.
        ],
    )

    response = editor_client.post(
        reverse("admin:quizzes_question_change", args=[question.pk]), data
    )

    assert response.status_code == 200
    assert "exactly one correct choice; it has 0" in response.content.decode()
    assert question.choices.filter(is_correct=True).count() == 1


def test_question_admin_refuses_deleting_a_picked_choice(editor_client):
    question = make_question(kind="multiple", choices=[("A", True), ("B", True), ("C", False)])
    picked = question.choices.get(text="B")
    answer(question, picked)
    data = {
        "kind": "multiple",
        "prompt": question.prompt,
        "explanation": question.explanation,
        "article": "",
        "anchor": "",
    } | choice_rows(
        "choices",
        [
            {
                "id": c.pk,
                "question": question.pk,
                "position": c.position,
                "text": c.text,
                "is_correct": c.is_correct,
                "DELETE": c == picked,
            }
            for c in question.choices.all()
        ],
    )

    response = editor_client.post(
        reverse("admin:quizzes_question_change", args=[question.pk]), data
    )

    assert response.status_code == 200
    assert "Learners have picked the choice “B”, so it can&#x27;t be deleted" in (
        response.content.decode()
    )
    assert Choice.objects.filter(pk=picked.pk).exists()


@pytest.mark.parametrize(
    ("choices", "saved"),
    [([("A", True), ("B", False)], True), ([("A", False), ("B", False)], False)],
)
def test_editor_who_may_only_view_questions_publishes_by_the_saved_questions(
    client, choices, saved
):
    user = make_user(is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            codename__in=["view_quiz", "change_quiz", "view_question", "view_choice"]
        )
    )
    client.force_login(user)
    quiz = make_quiz(status=Status.DRAFT, intro="What MS is.")
    question = make_question(quiz=quiz, choices=choices)
    approve(quiz)
    page = client.get(change_url(quiz)).content.decode()
    assert "questions-0-choices-0-text" not in page  # Choices are shown as text.
    assert 'name="questions-0-id"' in page

    data = quiz_fields(title=quiz.title, slug=quiz.slug, status=Status.PUBLISHED)
    data |= {  # What the browser sends for a view-only question: its id, no fields, no choices.
        "questions-TOTAL_FORMS": 1,
        "questions-INITIAL_FORMS": 1,
        "questions-MIN_NUM_FORMS": 0,
        "questions-MAX_NUM_FORMS": 1000,
        "questions-0-id": question.pk,
        "questions-0-quiz": quiz.pk,
    }
    response = client.post(change_url(quiz), data)

    quiz.refresh_from_db()
    assert (quiz.status == Status.PUBLISHED) is saved
    assert response.status_code == (302 if saved else 200)
    if not saved:
        assert "exactly one correct choice; it has 0" in response.content.decode()


# --- list and change pages -----------------------------------------------------------------


def test_quiz_list_shows_the_columns_editors_need(editor_client, django_assert_max_num_queries):
    make_quiz(title="Counted quiz", questions=3)
    make_quiz(questions=1)

    with django_assert_max_num_queries(12):
        response = editor_client.get(reverse("admin:quizzes_quiz_changelist"))

    html = response.content.decode()
    assert "Counted quiz" in html
    assert '<td class="field-question_count">3</td>' in html
    for column in ("column-module", "column-status", "column-feedback_timing", "column-publish_at"):
        assert column in html


@pytest.mark.parametrize("count", [2, 8])
def test_change_page_queries_do_not_grow_with_questions(
    editor_client, django_assert_max_num_queries, count
):
    make_article()
    quiz = make_quiz(questions=count)

    # 17: one is the translation box's query for the quiz's translations.
    with django_assert_max_num_queries(17):
        response = editor_client.get(change_url(quiz))

    assert response.status_code == 200


def test_change_page_links_to_preview_and_import(editor_client):
    quiz = make_quiz(questions=1)

    html = editor_client.get(change_url(quiz)).content.decode()

    assert reverse("admin:quizzes_quiz_preview", args=[quiz.pk]) in html
    assert reverse("admin:quizzes_quiz_import", args=[quiz.pk]) in html
    assert "Preview as a learner" in html


# --- preview --------------------------------------------------------------------------------


def test_preview_shows_every_question_and_keeps_answers_inside_details(editor_client):
    lesson = make_article(title="What MS is")
    quiz = make_quiz(status=Status.DRAFT)
    make_question(
        quiz=quiz,
        prompt="What does MS damage?",
        explanation="MS damages myelin.",
        article=lesson,
        anchor="myelin",
        choices=[("Bones", False), ("Myelin", True)],
    )
    make_question(quiz=quiz, kind="multiple", prompt="Which are symptoms?")

    response = editor_client.get(reverse("admin:quizzes_quiz_preview", args=[quiz.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Preview" in html and "Learners can't see this quiz yet." in html
    assert "What does MS damage?" in html and "Which are symptoms?" in html
    outside = text_outside_details(html)
    assert "Bones" in outside and "Myelin" in outside
    for secret in ("MS damages myelin.", "quiz-answer-right", "Not correct", "checked"):
        assert secret not in outside
    assert html.count("<summary>Answers and explanations</summary>") == 2
    assert 'type="checkbox"' in html and 'type="radio"' in html
    assert f"{lesson.get_absolute_url()}#myelin" in html


def test_preview_queries_do_not_grow_with_questions(editor_client, django_assert_max_num_queries):
    quiz = make_quiz(questions=10)
    for question in quiz.questions.all():
        question.article = make_article()
        question.save()

    with django_assert_max_num_queries(10):
        response = editor_client.get(reverse("admin:quizzes_quiz_preview", args=[quiz.pk]))

    assert response.status_code == 200


def test_preview_is_allowed_with_view_permission_only(client):
    viewer = make_user(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_quiz"))
    client.force_login(viewer)
    quiz = make_quiz(questions=1)

    response = client.get(reverse("admin:quizzes_quiz_preview", args=[quiz.pk]))

    assert response.status_code == 200


def test_preview_is_refused_without_quiz_permissions(client):
    client.force_login(make_user(is_staff=True))
    quiz = make_quiz(questions=1)

    response = client.get(reverse("admin:quizzes_quiz_preview", args=[quiz.pk]))

    assert response.status_code == 403


def test_preview_of_a_missing_quiz_is_not_found(editor_client):
    response = editor_client.get(reverse("admin:quizzes_quiz_preview", args=[999999]))

    assert response.status_code == 404
