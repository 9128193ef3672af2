"""How a question's choices are ordered and recorded: the editors' order, an attempt's own
order (fixed at its start), and the permanent snapshot of an answered question."""

from collections.abc import Iterable

from django.db.models import Prefetch

from quizzes.kinds import QuestionKind
from quizzes.models import Choice, Question


def choices_in_order() -> Prefetch:
    """Prefetch a question's choices by position.

    Choice's default ordering starts with its question, which joins question, quiz and module
    into every choices query; ordering by the choice's own columns needs none of them.
    """
    return Prefetch("choices", queryset=Choice.objects.order_by("position", "pk"))


def question_shuffles_choices(question: Question) -> bool:
    """Whether a shuffling quiz shuffles this question's choices.

    "True, False" is the order everyone expects, and an editor may keep a question's order
    (choices like "Both of these" only make sense after the ones they name).
    """
    return question.kind != QuestionKind.TRUE_FALSE and not question.keep_choice_order


def choices_in_attempt_order(question: Question, order) -> list[Choice]:
    """A question's current choices in the order one attempt shows them.

    `order` is the attempt's list of choice ids for this question (`Attempt.choice_order`,
    fixed at the start); choices added since come last, and without an order the editors'
    order stands. Pages, the API and the permanent record all show choices this way.
    """
    return sort_by_attempt_order(list(question.choices.all()), order)


def sort_by_attempt_order(choices: list, order) -> list:
    """`choices` (anything with a `pk`, in the editors' order) sorted by an attempt's `order`:
    choices missing from it come last, in the order they were given."""
    if order:
        rank = {pk: index for index, pk in enumerate(order)}
        choices.sort(key=lambda choice: rank.get(choice.pk, len(rank)))
    return choices


def question_snapshot(question: Question, chosen: Iterable[int], order=None) -> dict:
    """The question as the learner saw it, with what they chose, for the permanent record."""
    choices = choices_in_attempt_order(question, order)
    chosen = set(chosen)
    return {
        "question_id": question.pk,
        "kind": question.kind,
        "prompt": question.prompt,
        "explanation": question.explanation,
        "article_id": question.article_id,
        "anchor": question.anchor,
        "choices": [
            {
                "id": choice.pk,
                "text": choice.text,
                "is_correct": choice.is_correct,
                "feedback": choice.feedback,
                "misconception": choice.misconception,
            }
            for choice in choices
        ],
        "chosen": [choice.pk for choice in choices if choice.pk in chosen],
    }
