from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from publishing.models import Status
from quizzes.importers import (
    MAX_FILE_BYTES,
    MAX_ROWS,
    CSVFileError,
    decode_csv,
    parse_questions_csv,
)
from quizzes.models import Choice, Question
from tests.factories import make_article, make_question, make_quiz, make_user
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "questions.csv"
HEADER = "kind,prompt,explanation,lesson_slug,anchor,choice_1,choice_2,choice_3,correct"
GOOD_ROW = "single,What does MS damage?,Myelin is damaged.,,,Myelin,Bone,Skin,1"


def csv_text(*rows, header=HEADER):
    return "\n".join([header, *rows]) + "\n"


def upload(text, name="questions.csv"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return SimpleUploadedFile(name, data, content_type="text/csv")


def import_url(quiz):
    return reverse("admin:quizzes_quiz_import", args=[quiz.pk])


def problems_of(text):
    return [(p.line, p.message) for p in parse_questions_csv(text).problems]


# --- parsing --------------------------------------------------------------------------------


def test_documented_example_file_is_valid():
    make_article(slug="what-is-ms")

    result = parse_questions_csv(decode_csv(EXAMPLE.read_bytes()))

    assert result.problems == []
    assert [q.kind for q in result.questions] == ["single", "true_false", "multiple", "single"]
    true_false = result.questions[1]
    assert [(c.text, c.is_correct) for c in true_false.choices] == [
        ("True", False),
        ("False", True),
    ]
    assert [c.is_correct for c in result.questions[2].choices] == [True, True, True, False]


def test_valid_row_becomes_a_question_with_lesson_feedback_and_misconceptions():
    lesson = make_article(slug="what-is-ms")
    text = csv_text(
        "single,What does MS damage?,Myelin.,what-is-ms,what-is-myelin,Myelin,Bone,,1,"
        "Yes.,No.,MS is a bone disease",
        header="kind,prompt,explanation,lesson_slug,anchor,choice_1,choice_2,choice_3,correct,"
        "feedback_1,feedback_2,misconception_2",
    )

    result = parse_questions_csv(text)

    assert result.ok
    (question,) = result.questions
    assert (question.line, question.article, question.anchor) == (2, lesson, "what-is-myelin")
    assert [(c.text, c.is_correct, c.feedback, c.misconception) for c in question.choices] == [
        ("Myelin", True, "Yes.", ""),
        ("Bone", False, "No.", "MS is a bone disease"),
    ]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("essay,Q?,Why.,,,A,B,,1", "Unknown kind “essay”. Use single, multiple or true_false."),
        (",Q?,Why.,,,A,B,,1", "kind is empty. Use single, multiple or true_false."),
        ("single,,Why.,,,A,B,,1", "prompt is empty: write the question."),
        ("single,Q?,,,,A,B,,1", "explanation is empty: say why the right answer is right."),
        (
            "single,Q?,Why.,,,A,B,C,1;2",
            "A single-choice question needs exactly one correct choice; it has 2.",
        ),
        (
            "multiple,Q?,Why.,,,A,B,C,",
            "correct is empty: give the number of the right choice, like 1 or 1;3.",
        ),
        ("single,Q?,Why.,no-such-lesson,,A,B,,1", "No lesson has the slug “no-such-lesson”."),
        ("single,Q?,Why.,,,A,B,,3", "correct names choice 3, but this question has 2 choices."),
        (
            "single,Q?,Why.,,,A,B,,first",
            "correct must be choice numbers like 1 or 1;3, not “first”.",
        ),
        ("single,Q?,Why.,,,A,,C,1", "choice_3 is filled in but choice_2 is empty."),
        ("single,Q?,Why.,,,A,,,1", "A question needs at least two choices; it has 1."),
        (
            "true_false,Q?,Why.,,,True,False,Maybe,1",
            "A true-or-false question needs exactly two choices; it has 3.",
        ),
        ("single,Q?,Why.,,bad anchor!,A,B,,1", "anchor “bad anchor!” may only have letters"),
        ("single,Q?,Why.,,,A,B,,1,surplus", "This line has more cells than the header row."),
    ],
)
def test_each_bad_row_is_reported_with_its_line_number(row, expected):
    problems = problems_of(csv_text(GOOD_ROW, row, GOOD_ROW))

    assert len(problems) == 1
    line, message = problems[0]
    assert line == 3
    assert message.startswith(expected)


def test_too_many_choices_is_reported_on_the_row():
    header = HEADER.replace("choice_3", "choice_3,choice_4,choice_5,choice_6,choice_7")
    text = csv_text(
        "single,Q?,Why.,,,A,B,,,,,,1", "single,Q?,Why.,,,A,B,C,D,E,F,G,1", header=header
    )

    assert problems_of(text) == [(3, "A question can have at most 6 choices; it has 7.")]


def test_a_cell_longer_than_its_field_is_reported():
    row = f"single,Q?,Why.,,,{'x' * 501},B,,1"

    assert problems_of(csv_text(row)) == [(2, "choice_1 is 501 characters long; the limit is 500.")]


def test_line_numbers_count_lines_inside_quoted_cells():
    text = csv_text('single,"A question\nover two lines?",Why.,,,A,B,,1', "essay,Q?,Why.,,,A,B,,1")

    assert problems_of(text) == [(4, "Unknown kind “essay”. Use single, multiple or true_false.")]


def test_every_problem_of_every_row_is_reported():
    text = csv_text("essay,,Why.,,,A,B,,1", GOOD_ROW, "single,Q?,,,,A,B,,5")

    assert [line for line, _message in problems_of(text)] == [2, 2, 4, 4]


def test_formula_looking_cells_are_plain_text():
    result = parse_questions_csv(csv_text('single,=1+1,"=HYPERLINK(""x"")",,,+A,-B,@C,1'))

    assert result.ok
    question = result.questions[0]
    assert (question.prompt, question.explanation) == ("=1+1", '=HYPERLINK("x")')
    assert [c.text for c in question.choices] == ["+A", "-B", "@C"]


def test_kind_may_be_written_as_its_label():
    rows = ["True or false,Q?,Why.,,,,,,1", "Multiple answers,Q?,Why.,,,A,B,,1;2"]

    result = parse_questions_csv(csv_text(*rows))

    assert [q.kind for q in result.questions] == ["true_false", "multiple"]


def test_semicolon_separated_file_with_a_byte_order_mark_is_read():
    text = decode_csv(("\ufeff" + csv_text(GOOD_ROW).replace(",", ";")).encode("utf-8"))

    assert parse_questions_csv(text).ok


def test_unknown_and_missing_columns_are_reported_on_line_1():
    problems = problems_of(csv_text("single,Q?,A,B", header="kind,question,choice_1,choice_2"))

    assert problems[0][0] == 1
    assert problems[0][1].startswith("Unknown column “question”.")
    assert problems[1] == (1, "The header row needs these columns: prompt, explanation, correct.")


def test_more_rows_than_the_limit_is_refused():
    problems = problems_of(csv_text(*[GOOD_ROW] * (MAX_ROWS + 1)))

    assert problems == [
        (None, "The file has more than 500 questions. Split it into smaller files.")
    ]


def test_blank_lines_are_skipped_and_a_file_without_questions_is_refused():
    assert parse_questions_csv(csv_text("", GOOD_ROW, ",,,,,,,,")).ok
    assert problems_of(csv_text()) == [(None, "The file has a header row but no questions.")]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("kind,prompt\nsingle,Café?\n".encode("latin-1"), "The file is not UTF-8 text."),
        (b"PK\x03\x04\x00\x00binary", "This is not a CSV file."),
        (b"", "The file is empty."),
        (b"x" * (MAX_FILE_BYTES + 1), "The file is bigger than 1 MB."),
    ],
)
def test_unreadable_files_get_a_clear_error(data, expected):
    with pytest.raises(CSVFileError) as caught:
        decode_csv(data)

    assert str(caught.value).startswith(expected)


# --- the admin import page ------------------------------------------------------------------


@pytest.fixture
def editor_client(client):
    user = make_user(is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="quizzes",
            codename__in=["view_quiz", "change_quiz", "add_question", "add_choice"],
        )
    )
    client.force_login(user)
    return client


def test_import_appends_the_questions_after_the_existing_ones(editor_client):
    make_article(slug="what-is-ms")
    quiz = make_quiz(questions=2, status=Status.DRAFT)

    response = editor_client.post(
        import_url(quiz), {"file": upload(EXAMPLE.read_bytes()), "dry_run": ""}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("admin:quizzes_quiz_change", args=[quiz.pk])
    assert "Added 4 questions to" in [str(m) for m in response.context["messages"]][0]
    questions = list(quiz.questions.all())
    assert [q.position for q in questions] == [1, 2, 3, 4, 5, 6]
    imported = questions[2]
    assert imported.prompt == "What does MS damage?"
    assert imported.article.slug == "what-is-ms"
    assert list(imported.choices.values_list("position", "is_correct")) == [
        (1, True),
        (2, False),
        (3, False),
    ]
    assert imported.choices.get(position=2).misconception == "MS is a bone disease"


def test_dry_run_shows_what_would_be_added_and_writes_nothing(editor_client):
    quiz = make_quiz(questions=1, status=Status.DRAFT)

    response = editor_client.post(
        import_url(quiz), {"file": upload(csv_text(GOOD_ROW, GOOD_ROW)), "dry_run": "on"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Dry run: 2 questions would be added (nothing was saved)." in html
    assert "What does MS damage?" in html
    assert quiz.questions.count() == 1


def test_a_file_with_one_bad_row_imports_nothing_and_lists_the_problem(editor_client):
    quiz = make_quiz(questions=1, status=Status.DRAFT)
    text = csv_text(GOOD_ROW, "single,Q?,Why.,,,A,B,,4", GOOD_ROW)

    response = editor_client.post(import_url(quiz), {"file": upload(text), "dry_run": ""})

    html = response.content.decode()
    assert "Nothing was imported: the file has 1 problem." in html
    assert "<td>3</td><td>correct names choice 4, but this question has 2 choices.</td>" in html
    assert quiz.questions.count() == 1
    assert Choice.objects.filter(question__quiz=quiz).count() == 3


def test_upload_bigger_than_the_limit_is_refused(editor_client):
    quiz = make_quiz(status=Status.DRAFT)

    response = editor_client.post(
        import_url(quiz), {"file": upload(b"a" * (MAX_FILE_BYTES + 1)), "dry_run": ""}
    )

    assert "The file is bigger than 1 MB." in response.content.decode()
    assert not Question.objects.filter(quiz=quiz).exists()


def test_non_utf8_upload_gets_a_clear_error(editor_client):
    quiz = make_quiz(status=Status.DRAFT)
    data = csv_text(GOOD_ROW.replace("Myelin", "Myéline")).encode("cp1252")

    response = editor_client.post(import_url(quiz), {"file": upload(data), "dry_run": ""})

    assert "The file is not UTF-8 text." in response.content.decode()
    assert not Question.objects.filter(quiz=quiz).exists()


def test_importing_into_a_published_quiz_is_refused_by_the_review_gate(editor_client):
    quiz = make_quiz(questions=1, status=Status.PUBLISHED)

    response = editor_client.post(
        import_url(quiz), {"file": upload(csv_text(GOOD_ROW)), "dry_run": ""}, follow=True
    )

    assert quiz.questions.count() == 1
    messages = [str(m) for m in response.context["messages"]]
    assert any(
        "imported questions would go public before a medical reviewer" in m for m in messages
    )


def test_a_dry_run_into_a_published_quiz_still_reports(editor_client):
    quiz = make_quiz(questions=1, status=Status.PUBLISHED)

    response = editor_client.post(
        import_url(quiz), {"file": upload(csv_text(GOOD_ROW)), "dry_run": "on"}
    )

    assert response.status_code == 200
    assert quiz.questions.count() == 1


def test_importing_into_a_draft_quiz_keeps_it_valid(editor_client):
    quiz = make_quiz(questions=1, status=Status.DRAFT)

    editor_client.post(import_url(quiz), {"file": upload(csv_text(GOOD_ROW)), "dry_run": ""})

    quiz.full_clean()
    assert quiz.questions.count() == 2


def test_import_page_needs_permission_to_add_questions(client):
    user = make_user(is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_quiz", "change_quiz"]))
    client.force_login(user)
    quiz = make_quiz(status=Status.DRAFT)

    response = client.post(import_url(quiz), {"file": upload(csv_text(GOOD_ROW)), "dry_run": ""})

    assert response.status_code == 403
    assert not Question.objects.filter(quiz=quiz).exists()


def test_import_page_shows_the_form_with_dry_run_ticked(editor_client):
    quiz = make_quiz(status=Status.DRAFT)
    make_question(quiz=quiz)

    response = editor_client.get(import_url(quiz))

    html = response.content.decode()
    assert 'name="dry_run"' in html and "checked" in html
    assert "added after this quiz's 1 question." in html


# --- keeping the choice order, and writing advice in the report -----------------------------


@pytest.mark.parametrize(
    ("value", "kept"), [("yes", True), ("TRUE", True), ("", False), ("no", False)]
)
def test_keep_choice_order_column_says_whether_a_question_keeps_its_order(value, kept):
    text = csv_text(f"{GOOD_ROW},{value}", header=f"{HEADER},keep_choice_order")

    (question,) = parse_questions_csv(text).questions

    assert question.keep_choice_order is kept


def test_an_unclear_keep_choice_order_is_a_problem_on_its_line():
    text = csv_text(f"{GOOD_ROW},maybe", header=f"{HEADER},Keep choice order")

    assert problems_of(text) == [
        (2, "keep_choice_order must be yes or no (or empty for no), not “maybe”.")
    ]


def test_an_imported_question_keeps_its_choice_order_when_the_file_says_so(editor_client):
    quiz = make_quiz(status=Status.DRAFT)
    text = csv_text(f"{GOOD_ROW},yes", header=f"{HEADER},keep_choice_order")

    editor_client.post(import_url(quiz), {"file": upload(text), "dry_run": ""})

    assert quiz.questions.get().keep_choice_order is True


def test_the_report_gives_position_and_throwaway_advice_without_blocking(editor_client):
    quiz = make_quiz(status=Status.DRAFT)
    make_question(quiz=quiz, choices=[("Myelin damage", True), ("Bone damage", False)])
    off_topic = "single,What does MS damage?,Myelin is damaged.,,,Myelin,Bake a cake tonight,,1"
    text = csv_text(GOOD_ROW, off_topic)

    dry = editor_client.post(import_url(quiz), {"file": upload(text), "dry_run": "on"})

    html = dry.content.decode()
    assert "Dry run: 2 questions would be added" in html
    assert "<td>whole quiz</td><td>The right answer is choice 1 in 3 of the 3 single-choice" in html
    assert "<td>3</td><td>The wrong choice “Bake a cake tonight” shares no word" in html
    real = editor_client.post(import_url(quiz), {"file": upload(text), "dry_run": ""}, follow=True)
    messages = [str(m) for m in real.context["messages"]]
    assert "Added 2 questions to" in messages[0]
    assert "The right answer is choice 1 in 3 of the 3 single-choice questions." in messages[1]
    assert quiz.questions.count() == 3


def test_a_large_import_runs_as_a_task_and_the_editor_watches_its_progress(editor_client):
    from quizzes.admin.imports import IMPORT_BATCH, LARGE_IMPORT

    quiz = make_quiz(questions=1, status=Status.DRAFT)
    count = LARGE_IMPORT + IMPORT_BATCH + 1  # three batches
    rows = [f"single,Question {n}?,Because.,,,Myelin,Bone,Skin,1" for n in range(count)]

    response = editor_client.post(
        import_url(quiz), {"file": upload(csv_text(*rows)), "dry_run": ""}
    )

    assert response.status_code == 302 and response["Location"].startswith("/progress/")
    waiting = editor_client.get(response["Location"]).content.decode()
    assert f"Working: 0 of {count} done." in waiting and 'hx-trigger="every 2s"' in waiting
    assert quiz.questions.count() == 1  # nothing added inside the request
    run_queued_tasks()
    done = editor_client.get(response["Location"], headers={"HX-Request": "true"})
    html = done.content.decode()
    assert f"Added {count} questions to" in html and "hx-trigger" not in html
    assert "<html" not in html  # htmx gets the fragment only
    assert reverse("admin:quizzes_quiz_change", args=[quiz.pk]) in html
    positions = list(quiz.questions.values_list("position", flat=True))
    assert positions == list(range(1, count + 2))
