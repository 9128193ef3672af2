"""Quizzes in the reader's language: which text a quiz page or the API shows.

The rule: an attempt always belongs to the SOURCE quiz (settings.LANGUAGE_CODE) and to its
questions and choices, whatever language it is taken in. Grading, the ids a learner answers
with and a group's results are therefore the same in every language. A published translation
(same translation key, its own questions with `source_question`, choices with
`source_choice`) only lends its words: `QuizText` puts them over the source rows loaded for
one response, in memory, never saved. Without a published translation in the reader's
language the page stays in English and says so (`fallback`). Either way the quiz's
`language_shown` names the language of the words it carries, for `{% content_lang %}`.

`quiz_text` costs no query for an English reader and three otherwise (the translation, its
questions, their choices), whatever the number of questions; `localize_quizzes`, for a list,
none and one.
"""

import copy
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import get_language, get_supported_language_variant

from publishing.translations import localize_list, localize_many, localized
from quizzes.models import Choice, Question, Quiz


def active_language() -> str:
    """The active language as one of settings.LANGUAGES ("es" for "es-es"), else the default."""
    try:
        return get_supported_language_variant(get_language() or settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE


def is_source(quiz: Quiz) -> bool:
    """True for a quiz in the default language: the only kind an attempt can belong to."""
    return quiz.locale == settings.LANGUAGE_CODE


@dataclass
class QuizText:
    """The words of one quiz in one language, keyed by the SOURCE rows' ids."""

    language: str
    fallback: bool = False  # a translation was wanted and there is none: show the notice
    translation: Quiz | None = None  # the published translation whose words these are
    questions: dict = field(default_factory=dict)  # source question id -> translated question
    choices: dict = field(default_factory=dict)  # source choice id -> translated choice

    def quiz(self, quiz: Quiz) -> Quiz:
        """The source quiz with the translation's title and introduction (in memory)."""
        quiz.language_shown = quiz.locale
        if self.translation is not None:
            quiz.title, quiz.intro = self.translation.title, self.translation.intro
            quiz.language_shown = self.translation.locale
        return quiz

    def question(self, question: Question) -> Question:
        """The source question (choices prefetched) with its translation's words, in memory.

        Ids, right answers and order stay the source's: the form still sends source ids.
        """
        translated = self.questions.get(question.pk)
        if translated is not None:
            question.prompt = translated.prompt
            question.explanation = translated.explanation
        for choice in question.choices.all():
            if (words := self.choices.get(choice.pk)) is not None:
                choice.text, choice.feedback = words.text, words.feedback
        return question

    def snapshot(self, snapshot: dict) -> dict:
        """A copy of a response's snapshot with the translation's words.

        What was chosen and what was right stay the snapshot's: it is what the answer was
        graded against. Only the words change, to the translation's current ones.
        """
        translated = self.questions.get(snapshot.get("question_id"))
        if translated is None and not self.choices:
            return snapshot
        snapshot = copy.deepcopy(snapshot)
        if translated is not None:
            snapshot["prompt"] = translated.prompt
            snapshot["explanation"] = translated.explanation
        for choice in snapshot.get("choices", []):
            if (words := self.choices.get(choice["id"])) is not None:
                choice["text"], choice["feedback"] = words.text, words.feedback
        return snapshot


def quiz_text(quiz: Quiz, *, question_ids=None, language: str | None = None) -> QuizText:
    """The words to show for `quiz` (a source) in `language` (default: the active one).

    `question_ids` (source ids) limits the questions read to those a page shows; None reads
    them all.
    """
    language = language or active_language()
    if language == settings.LANGUAGE_CODE:
        return QuizText(language=language)
    translation, fallback = localized(quiz, language)
    if fallback or translation.pk == quiz.pk:
        return QuizText(language=language, fallback=fallback)
    questions = translation.questions.filter(source_question__isnull=False)
    if question_ids is not None:
        questions = questions.filter(source_question_id__in=list(question_ids))
    words = Choice.objects.filter(source_choice__isnull=False).only(
        "id", "question_id", "source_choice_id", "text", "feedback"
    )
    questions = (
        questions.order_by()
        .only("id", "quiz_id", "source_question_id", "prompt", "explanation")
        .prefetch_related(Prefetch("choices", queryset=words.order_by()))
    )
    text = QuizText(language=language, translation=translation)
    for question in questions:
        text.questions[question.source_question_id] = question
        text.choices.update({choice.source_choice_id: choice for choice in question.choices.all()})
    return text


def localize_quizzes(quizzes, language: str) -> bool:
    """Each source quiz in `quizzes` with its published translation's title and introduction
    in `language` (in memory, as `QuizText.quiz` does) and `language_shown`; True when any
    stays in English. One query whatever their number, none in the default language."""
    falling_back = False
    for quiz, (shown, fallback) in zip(quizzes, localize_many(quizzes, language), strict=True):
        quiz.title, quiz.intro, quiz.language_shown = shown.title, shown.intro, shown.locale
        falling_back = falling_back or fallback
    return falling_back


def localize_quiz_modules(quizzes, language: str) -> bool:
    """Each quiz's `shown_module`: its module in `language` when that has a published
    translation, else the English module (None when the module is not public); True when
    any stays in English. One query whatever their number, none in the default language."""
    now = timezone.now()
    public = {q.module_id: q.module for q in quizzes if q.module and q.module.is_public(now)}
    shown = {module.source_pk: module for module in localize_list(public.values(), language)}
    for quiz in quizzes:
        quiz.shown_module = shown.get(quiz.module_id)
    return any(module.locale != language for module in shown.values())
