"""Helpers for the quiz translation tests: a Spanish translation made as the foundation's
`create_translation` makes one (a copy with the source's translation key, its questions and
choices copied by `Quiz.copy_related_for_translation`), then reworded and published."""

from django.urls import reverse
from django.utils import translation

from publishing.models import Status
from quizzes.models import Quiz


def es(name, *args):
    """The address of the URL `name` on the Spanish site."""
    with translation.override("es"):
        return reverse(name, args=args)


def en(name, *args):
    """The address on the English site. Named: a client request leaves its language active
    in the test's thread."""
    with translation.override("en"):
        return reverse(name, args=args)


def make_translation(quiz, *, language="es", status=Status.PUBLISHED, reword=True):
    """A translation of `quiz` in `language`, published unless told otherwise.

    With `reword` every text gets a "[es] " prefix, so a test can tell which words it sees.
    """
    translation = Quiz.objects.create(
        title=f"[{language}] {quiz.title}",
        slug=f"{quiz.slug}-{language}",
        intro=f"[{language}] {quiz.intro}",
        module=quiz.module,
        locale=language,
        translation_key=quiz.translation_key,
        status=status,
        publish_at=quiz.publish_at,
        shuffle_choices=quiz.shuffle_choices,
    )
    quiz.copy_related_for_translation(translation)
    if reword:
        for question in translation.questions.all():
            question.prompt = f"[{language}] {question.prompt}"
            question.explanation = f"[{language}] {question.explanation}"
            question.save()
            for choice in question.choices.all():
                choice.text = f"[{language}] {choice.text}"
                choice.feedback = f"[{language}] {choice.feedback}"
                choice.save()
    return translation
