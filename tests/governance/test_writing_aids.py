import tomllib

import pytest
from django.urls import reverse

from learn.models import FlaggedPhrase
from learn.writing_aids import (
    find_flagged_phrases,
    phrase_pattern,
    plain_text,
    reading_grade,
    reading_stats,
    syllables,
)
from publishing.models import Status
from quizzes.sample_loader import SAMPLE_DIR
from quizzes.validation import (
    correct_position_warnings,
    joke_choice_warnings,
    off_topic_choice_warnings,
    question_writing_warnings,
)
from tests.factories import make_article, make_question, make_quiz
from tests.governance.helpers import change_url, messages_of, post_change_form

pytestmark = pytest.mark.django_db

HARD = (
    "Probiotic supplementation demonstrated statistically significant immunomodulatory "
    "consequences, particularly regarding inflammatory cytokine concentrations, although "
    "methodological heterogeneity substantially complicates interpretation."
)
EASY = "MS is a long-term condition. It can make you tired. Rest when you need to."


# Reading level ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("the", 1),
        ("make", 1),
        ("people", 2),
        ("immune", 2),
        ("myelin", 2),
        ("don't", 1),
        ("isn't", 2),
    ],
)
def test_syllables_are_estimated_offline(word, count):
    assert syllables(word) == count


def test_flesch_kincaid_follows_the_formula():
    stats = reading_stats("The big cat sat on a mat. Inflammation hurts.")

    assert (stats.words, stats.sentences, stats.syllables) == (9, 2, 12)
    expected = 0.39 * 9 / 2 + 11.8 * 12 / 9 - 15.59
    assert stats.grade == round(expected, 1)


def test_plain_text_reads_markdown_as_readers_see_it():
    text = plain_text(
        "## Myelin\n\nIt protects nerves.[^1] See [the NMSS](https://x.org).\n\n- one"
    )

    assert text.splitlines() == ["Myelin", "It protects nerves. See the NMSS.", "one"]


def test_easy_and_hard_texts_get_low_and_high_grades():
    assert reading_grade(EASY) < 5
    assert reading_grade(HARD) > 16
    assert reading_grade("") is None


def test_saving_a_lesson_stores_its_reading_grade():
    article = make_article(body=HARD)

    assert article.reading_grade == reading_grade(HARD)


def test_hard_lesson_gets_a_warning_after_save_and_a_badge_in_the_list(editor_client):
    article = make_article(body=EASY)

    response = post_change_form(editor_client, article, body=HARD, minor_edit="on")

    warnings = " ".join(messages_of(response))
    assert "Aim for grade 8 or lower" in warnings
    listing = editor_client.get(reverse("admin:learn_article_changelist")).content.decode()
    assert 'class="grade-badge grade-hard"' in listing
    form = editor_client.get(change_url(article)).content.decode()
    assert "This is harder than the grade 8 we aim for." in form


def test_easy_lesson_gets_no_reading_warning(editor_client):
    article = make_article(body=EASY)

    response = post_change_form(editor_client, article, body=EASY + " Ask your team.")

    assert not any("Aim for grade" in m for m in messages_of(response))
    listing = editor_client.get(reverse("admin:learn_article_changelist")).content.decode()
    assert "grade-hard" not in listing


def test_textstat_is_not_a_dependency():
    from pathlib import Path

    pyproject = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text()
    assert "textstat" not in pyproject
    assert '"pyphen==' in pyproject


# Overclaiming -------------------------------------------------------------------------------


def test_default_phrases_are_seeded_by_the_migration():
    seeded = set(FlaggedPhrase.objects.values_list("phrase", flat=True))

    assert {"cure", "proven", "miracle", "boost immunity", "detox", "guaranteed"} <= seeded


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Probiotics cure MS.", ["cure"]),
        ("It was cured.", ["cured"]),
        ("Not a CURE.", ["CURE"]),
        ("Obscure results; secure the cap.", []),
        ("It boosts   immunity, they say.", ["boosts   immunity"]),
        ("A proven, guaranteed miracle detox.", ["proven", "guaranteed", "miracle", "detox"]),
    ],
)
def test_phrase_matching_is_whole_word_and_case_blind(text, found):
    phrases = [(p, "why") for p in ["cure", "boost immunity", "proven", "guaranteed"]]
    phrases += [("miracle", "why"), ("detox", "why")]

    hits = find_flagged_phrases([("Body", text)], phrases)

    assert [hit.match for hit in hits] == [" ".join(f.split()) for f in found]


def test_each_occurrence_comes_with_its_context():
    text = "Intro words here. " * 5 + "Probiotics are not a cure for MS." + " More words." * 8

    [hit] = find_flagged_phrases([("Body", text)], [("cure", "MS has no cure yet.")])

    assert hit.before.endswith("Probiotics are not a ")
    assert hit.before.startswith("…")
    assert hit.after.startswith(" for MS.")
    assert hit.after.endswith("…")
    assert (hit.where, hit.why) == ("Body", "MS has no cure yet.")


def test_phrase_pattern_escapes_regex_characters():
    assert phrase_pattern("c++ cure").search("a c++ cure here")
    assert not phrase_pattern("a.b").search("axb")


def test_lesson_form_shows_each_flagged_phrase_in_context_and_warns(editor_client):
    article = make_article(
        body="Probiotics are not a cure.\n\nSome say it is a miracle <b>detox</b>."
    )

    response = post_change_form(editor_client, article, title="A proven approach", minor_edit="on")

    warning = " ".join(messages_of(response))
    assert "Words to check in “A proven approach”: “proven”, “cure”, “miracle”, “detox”" in warning
    form = editor_client.get(change_url(article)).content.decode()
    assert "4 places to check." in form
    assert "are not a <mark>cure</mark>." in form
    # HTML typed in the Markdown is text for readers, and shown as text here.
    assert "a miracle &lt;b&gt;<mark>detox</mark>&lt;/b&gt;." in form


def test_the_phrase_list_is_editable_in_the_admin(editor_client):
    FlaggedPhrase.objects.create(phrase="Game  Changer", why="Hype.")
    article = make_article(body="This game changer helps.")

    form = editor_client.get(change_url(article)).content.decode()

    assert "<mark>game changer</mark>" in form
    assert FlaggedPhrase.objects.get(why="Hype.").phrase == "game changer"
    assert editor_client.get(reverse("admin:learn_flaggedphrase_changelist")).status_code == 200


def test_inactive_phrases_are_not_flagged(editor_client):
    FlaggedPhrase.objects.filter(phrase="cure").update(is_active=False)
    article = make_article(body="Not a cure.")

    form = editor_client.get(change_url(article)).content.decode()

    assert "No flagged words found." in form


# Question-writing checks --------------------------------------------------------------------


def choices(*texts, correct=0):
    return [(text, index == correct) for index, text in enumerate(texts)]


def test_a_well_written_question_gets_no_warnings():
    assert (
        question_writing_warnings(
            "single", "What is myelin?", choices("A nerve cover", "A gut microbe", "A vitamin")
        )
        == []
    )


@pytest.mark.parametrize(
    ("prompt", "word"),
    [
        ("Which is NOT a symptom of MS?", "NOT"),
        ("Which is not a symptom?", "not"),
        ("All are symptoms EXCEPT:", "EXCEPT"),
        ("Which isn't a symptom?", "n't"),
    ],
)
def test_negative_stems_are_flagged(prompt, word):
    [warning] = question_writing_warnings("single", prompt, choices("Fatigue", "Numbness", "Pain"))

    assert f"The question is negative (“{word}”)" in warning


def test_more_than_four_choices_are_flagged():
    [warning] = question_writing_warnings(
        "single", "Pick one?", choices("a1", "b2", "c3", "d4", "e5")
    )

    assert "It has 5 choices." in warning


@pytest.mark.parametrize("text", ["All of the above", "none of the above", "None of these"])
def test_all_or_none_of_the_above_is_flagged(text):
    warnings = question_writing_warnings("single", "Pick one?", choices("Cats", "Dogs", text))

    assert any("Write each choice as its own statement" in w for w in warnings)


def test_choices_of_very_different_lengths_are_flagged():
    warnings = question_writing_warnings(
        "single", "What helps?", choices("Rest", "Talking with your care team first", "Diet")
    )

    assert any("differ a lot in length (4 to 33 characters)" in w for w in warnings)
    assert any("The right choice is clearly the longest" in w for w in warnings) is False


def test_a_right_answer_clearly_longer_than_the_others_is_flagged():
    warnings = question_writing_warnings(
        "single",
        "What is a probiotic?",
        choices("Live microbes that may help health", "A vitamin pill", "A kind of fat", correct=0),
    )

    assert any("The right choice is clearly the longest" in w for w in warnings)


def test_quiz_editor_shows_question_warnings_after_save_without_blocking(editor_client):
    quiz = make_quiz()
    make_question(
        quiz=quiz,
        prompt="Which is NOT true?",
        choices=[("All of the above", True), ("B", False), ("C", False)],
    )

    response = post_change_form(editor_client, quiz, title="Renamed quiz", minor_edit="on")

    assert response.status_code == 302
    warning = " ".join(messages_of(response))
    assert "could be written more clearly (advice, not a rule)" in warning
    assert "Question 1 (“Which is NOT true?”): The question is negative (“NOT”)" in warning
    assert "all of the above" in warning
    quiz.refresh_from_db()
    assert quiz.title == "Renamed quiz"


def test_question_page_shows_its_warnings_after_save(editor_client):
    question = make_question(prompt="Which is not a symptom?")

    response = post_change_form(editor_client, question, explanation="Because.", minor_edit="on")

    assert response.status_code == 302
    assert "The question is negative (“not”)" in " ".join(messages_of(response))


# Where the right answers sit, and throwaway wrong choices ------------------------------------


def single(place, of=4):
    return ("single", [n == place for n in range(1, of + 1)])


def test_the_right_answer_in_one_place_in_most_questions_is_flagged_with_place_and_count():
    [warning] = correct_position_warnings([single(1), single(1), single(2), single(1)])

    assert "The right answer is choice 1 in 3 of the 4 single-choice questions." in warning


def test_right_answers_in_varied_places_or_at_most_half_in_one_are_fine():
    assert correct_position_warnings([single(1), single(1), single(2), single(3)]) == []
    # Two questions are too few for a pattern; true-or-false questions are not counted.
    assert correct_position_warnings([single(1), single(1), ("true_false", [True, False])]) == []


def test_multiple_answer_questions_with_every_right_choice_first_are_flagged():
    right_first = ("multiple", [True, True, False, False])
    mixed = ("multiple", [False, True, False, True])

    [warning] = correct_position_warnings([right_first, right_first, mixed])

    assert "In 2 of the 3 multiple-answer questions, all the right choices come" in warning
    assert correct_position_warnings([right_first, mixed, mixed]) == []


def quiz_of(*questions):
    """(kind, prompt, explanation, choices) rows; choices as (text, correct, feedback, label)."""
    return list(questions)


MYELIN = (
    "single",
    "What does myelin do?",
    "Myelin covers nerve fibres and helps signals travel.",
    [
        ("It protects nerve fibres", True, "Yes.", ""),
        (
            "It fights germs",
            False,
            "Not quite. The immune system fights germs.",
            "Myelin fights germs",
        ),
        ("Bake a cake tonight", False, "No.", ""),
    ],
)
GERMS = (
    "single",
    "What does the immune system do?",
    "It fights germs.",
    [("It fights germs", True, "Yes.", ""), ("It covers nerve fibres", False, "No.", "")],
)


def test_an_unlabelled_wrong_choice_sharing_no_word_with_the_quiz_is_flagged():
    warnings = off_topic_choice_warnings(quiz_of(MYELIN, GERMS))

    assert len(warnings) == 1
    assert (
        "Question 1 (“What does myelin do?”): The wrong choice “Bake a cake tonight”"
        in (warnings[0])
    )


def test_a_wrong_choice_on_the_subject_or_with_a_misconception_label_is_not_flagged():
    labelled = (*MYELIN[:3], [*MYELIN[3][:2], ("Bake a cake tonight", False, "No.", "Cakes")])
    assert off_topic_choice_warnings(quiz_of(labelled, GERMS)) == []
    # "nerve fibres" and "nerve fibre" are one word: the second question's choice is on topic.
    assert off_topic_choice_warnings(quiz_of(GERMS, MYELIN[:3] + ([MYELIN[3][0]],))) == []


def test_a_joke_word_in_a_wrong_choice_is_flagged():
    warnings = question_writing_warnings(
        "single", "What causes MS?", choices("Unknown, with many factors", "Aliens", "Viruses")
    )

    assert any("“Aliens” looks like a joke (“aliens”)" in w for w in warnings)


def test_the_sample_quizzes_raise_no_position_or_throwaway_warnings():
    for path in sorted(SAMPLE_DIR.glob("*.toml")):
        questions = tomllib.loads(path.read_text(encoding="utf-8"))["questions"]
        rows = [
            (
                q["kind"],
                q["prompt"],
                q["explanation"],
                [
                    (c["text"], c.get("correct", False), c.get("feedback", ""), "")
                    for c in q["choices"]
                ],
            )
            for q in questions
        ]
        # Labels removed: every distractor must pass on its words alone, except one about
        # joints in a quiz about nerves, which its label explains (the rule stays cautious).
        off_topic = off_topic_choice_warnings(rows)
        assert [w for w in off_topic if "The joints, like arthritis" not in w] == [], path.name
        assert correct_position_warnings((k, [c[1] for c in cs]) for k, _p, _e, cs in rows) == []
        jokes = [joke_choice_warnings(k, [c[:2] for c in cs]) for k, _p, _e, cs in rows]
        assert not any(jokes), path.name


def test_quiz_editor_shows_the_position_and_throwaway_warnings_after_save(editor_client):
    quiz = make_quiz(status=Status.DRAFT)  # a draft: no review gate on its text
    for number in range(3):
        make_question(
            quiz=quiz,
            prompt=f"What does myelin do, part {number}?",
            choices=[("Protects nerves", True), ("Fights nerve germs", False)],
        )
    make_question(
        quiz=quiz,
        prompt="What does myelin cover?",
        choices=[("Nerves", True), ("Bake a cake tonight", False)],
    )

    response = post_change_form(editor_client, quiz, title="Renamed quiz")

    assert response.status_code == 302
    warning = " ".join(messages_of(response))
    assert "The right answer is choice 1 in 4 of the 4 single-choice questions." in warning
    assert "Question 4 (“What does myelin cover?”): The wrong choice “Bake a cake" in warning


def test_editors_can_keep_a_questions_choice_order_from_the_quiz_page(editor_client):
    quiz = make_quiz(status=Status.DRAFT)
    question = make_question(quiz=quiz)

    response = post_change_form(editor_client, quiz, **{"questions-0-keep_choice_order": "on"})

    assert response.status_code == 302
    question.refresh_from_db()
    assert question.keep_choice_order is True
    page = editor_client.get(change_url(quiz)).content.decode()
    assert "Keep these choices in this order" in page
