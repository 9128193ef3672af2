"""A quiz step's shared words, from the cache: what everyone taking a quiz sees alike.

A step page is made for one learner: their attempt's order of questions and choices, what
they chose, how sure they said they were, their flags and how far they are. The words around
those are the same for everyone taking the quiz in one language: the quiz's title, which of
its questions still exist, each question's prompt, its choices' text and notes, its
explanation and the lesson section it comes from; with them the quiz itself (its settings),
so a step loads the attempt alone, without joining its quiz. `quiz_words` keeps them in the
shared cache (publishing.fragments.cached_value), keyed by the content generation and the
language: any
save or delete of a quiz, question or choice (a translation's too), a lesson or a module
moves the generation, so an edit or a publish shows on the very next request; a scheduled
publish or expiry of any content ends the entry as well.

Nothing personal goes in: no attempt, no choice order, no answer, and no right answers (a
step never shows them; feedback comes from the learner's own snapshot, whose words are
replaced by a translation's as `quizzes.translations.QuizText.snapshot` does).
"""

import copy
from dataclasses import dataclass, field

from publishing.fragments import ProcessMemo, cached_value
from quizzes.choices import choices_in_order, sort_by_attempt_order
from quizzes.models import Question, Quiz
from quizzes.translations import quiz_text
from quizzes.views.common import lesson_url


@dataclass(frozen=True)
class ChoiceWords:
    pk: int
    text: str
    feedback: str
    translated: bool = False  # the words are a translation's (they replace a snapshot's)


@dataclass(frozen=True)
class QuestionWords:
    pk: int
    kind: str
    prompt: str
    explanation: str
    choices: tuple[ChoiceWords, ...]
    lesson_url: str = ""
    lesson_title: str = ""
    translated: bool = False  # the prompt and explanation are a translation's

    def choices_in_attempt_order(self, order) -> list[ChoiceWords]:
        """The choices as one attempt shows them (quizzes.choices.choices_in_attempt_order)."""
        return sort_by_attempt_order(list(self.choices), order)

    def snapshot(self, snapshot: dict) -> dict:
        """A response's snapshot with a translation's words, as QuizText.snapshot gives it:
        what was chosen and what was right stay the snapshot's; English leaves it as it is."""
        words = {choice.pk: choice for choice in self.choices if choice.translated}
        if not self.translated and not words:
            return snapshot
        snapshot = copy.deepcopy(snapshot)
        if self.translated:
            snapshot["prompt"], snapshot["explanation"] = self.prompt, self.explanation
        for choice in snapshot.get("choices", []):
            if (shown := words.get(choice["id"])) is not None:
                choice["text"], choice["feedback"] = shown.text, shown.feedback
        return snapshot


@dataclass(frozen=True)
class QuizWords:
    title: str
    fallback: bool  # a translation was wanted and there is none: the page says so
    questions: dict[int, QuestionWords] = field(default_factory=dict)
    quiz: Quiz | None = None  # the source quiz as saved (its title is the source's)

    def steps(self, question_order) -> list[int]:
        """An attempt's question ids in its fixed order, less questions deleted since."""
        return [pk for pk in question_order if pk in self.questions]


# The cache entries' name: a new one whenever QuizWords changes shape, so that no process reads
# an entry an older release stored (2: with the quiz).
CACHE_NAME = "quiz-step-words-2"


# Words this process has read, under the same key (so the same generation): a step read on
# every request then costs no cache round trip of its own. A few kB a quiz.
WORDS = ProcessMemo(limit=200)


def quiz_words(quiz_id: int) -> QuizWords:
    """The shared words of source quiz `quiz_id` in the active language, from this process's
    memory or the cache. Shared by every request: read them, never change them."""
    return cached_value(CACHE_NAME, [str(quiz_id)], lambda: load_quiz_words(quiz_id), memo=WORDS)


def load_quiz_words(quiz_id: int) -> QuizWords:
    """The words made afresh: two queries, three more in another language (quiz_text).

    The quiz comes with its questions (one more query for a quiz that has none left)."""
    questions = list(
        Question.objects.filter(quiz_id=quiz_id)
        .select_related("quiz", "article__module")
        .prefetch_related(choices_in_order())
        .order_by()
    )
    quiz = questions[0].quiz if questions else Quiz.objects.get(pk=quiz_id)
    text = quiz_text(quiz)
    translated_choices = set(text.choices)
    words = {}
    for question in questions:
        text.question(question)  # in memory: the translation's words over the source's
        words[question.pk] = QuestionWords(
            pk=question.pk,
            kind=question.kind,
            prompt=question.prompt,
            explanation=question.explanation,
            choices=tuple(
                ChoiceWords(
                    pk=choice.pk,
                    text=choice.text,
                    feedback=choice.feedback,
                    translated=choice.pk in translated_choices,
                )
                for choice in question.choices.all()
            ),
            lesson_url=(url := lesson_url(question)),
            lesson_title=question.article.title if url else "",
            translated=question.pk in text.questions,
        )
    title = text.translation.title if text.translation is not None else quiz.title
    return QuizWords(title=title, fallback=text.fallback, questions=words, quiz=quiz)
