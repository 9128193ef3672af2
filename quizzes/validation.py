"""The rules a question and a quiz must follow before learners may see them.

One place for the rules, so the admin forms, the "Publish" action, `Quiz.clean()`, the CSV
import and the sample-content loader all say the same thing in the same words. The functions
take plain values (a kind and the correct flags of the choices), not forms or models, so each
caller can check what it is about to save, not only what is already saved.
"""

import re
from collections.abc import Iterable, Sequence

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from quizzes.kinds import QuestionKind

MIN_CHOICES = 2
MAX_CHOICES = 6


def question_problems(kind: str, correct: Sequence[bool]) -> list[str]:
    """What is wrong with a question of this kind whose choices have these correct flags."""
    count, right = len(correct), sum(1 for flag in correct if flag)
    if kind not in QuestionKind.values:
        return [
            _("Unknown question kind “%(kind)s”. Use single, multiple or true_false.")
            % {"kind": kind}
        ]
    problems = []
    if kind == QuestionKind.TRUE_FALSE:
        if count != 2:
            problems.append(
                _("A true-or-false question needs exactly two choices; it has %(n)d.")
                % {"n": count}
            )
    elif count < MIN_CHOICES:
        problems.append(_("A question needs at least two choices; it has %(n)d.") % {"n": count})
    elif count > MAX_CHOICES:
        problems.append(
            _("A question can have at most %(max)d choices; it has %(n)d.")
            % {"max": MAX_CHOICES, "n": count}
        )
    if kind == QuestionKind.MULTIPLE:
        if right < 1:
            problems.append(_("A multiple-answer question needs at least one correct choice."))
    elif right != 1:
        label = (
            _("A true-or-false question")
            if kind == QuestionKind.TRUE_FALSE
            else _("A single-choice question")
        )
        problems.append(
            _("%(label)s needs exactly one correct choice; it has %(n)d.")
            % {"label": label, "n": right}
        )
    return problems


def question_label(number: int, prompt: str = "") -> str:
    """How messages name a question: by its number in the quiz, with the start of its text."""
    if not prompt.strip():
        return _("Question %(number)d") % {"number": number}
    return _("Question %(number)d (“%(prompt)s”)") % {
        "number": number,
        "prompt": Truncator(" ".join(prompt.split())).chars(50),
    }


def questions_problems(questions: Iterable[tuple[str, Sequence[bool], str]]) -> list[str]:
    """Problems of a whole quiz's questions, given in order as (kind, correct flags, prompt)."""
    questions = list(questions)
    if not questions:
        return [_("A quiz needs at least one question before it can be published.")]
    return [
        f"{question_label(number, prompt)}: {problem}"
        for number, (kind, correct, prompt) in enumerate(questions, start=1)
        for problem in question_problems(kind, correct)
    ]


def saved_questions_problems(questions: Iterable) -> list[str]:
    """Problems of saved questions (model instances, their choices prefetched if possible)."""
    questions = sorted(questions, key=lambda q: (q.position, q.pk))
    return questions_problems(
        (q.kind, [choice.is_correct for choice in q.choices.all()], q.prompt) for q in questions
    )


def quiz_publish_problems(quiz) -> list[str]:
    """What stops this quiz, as saved, from being published (empty when nothing does).

    Uses the questions and choices the caller prefetched (`questions__choices`), if any;
    otherwise it reads them in two queries.
    """
    if quiz.pk is None:
        return questions_problems([])
    if "questions" in getattr(quiz, "_prefetched_objects_cache", {}):
        return saved_questions_problems(quiz.questions.all())
    return saved_questions_problems(quiz.questions.prefetch_related("choices"))


# Question-writing checks: advice for editors, shown after saving, never a block. -------------

ADVISED_MAX_CHOICES = 4
LENGTH_RATIO = 2.5  # Longest choice over shortest.
CORRECT_LONGEST_RATIO = 1.5  # The right choice over the longest wrong one.
_NEGATIVE = re.compile(r"\b(not|except|never)\b|n[’']t\b", re.IGNORECASE)
_ABOVE = re.compile(r"\b(all|none|both) of (the above|these)\b", re.IGNORECASE)


def question_writing_warnings(
    kind: str, prompt: str, choices: Sequence[tuple[str, bool]]
) -> list[str]:
    """Advice on how a question is written, from its prompt and (text, correct) choices.

    Negative stems are misread by tired readers; more than four choices add reading without
    testing more; "all/none of the above" rewards test-taking tricks; a right answer that is
    much longer than the others gives itself away.
    """
    warnings = []
    if match := _NEGATIVE.search(prompt or ""):
        word = match[0]
        if word.isupper() and len(word) > 1:
            warnings.append(
                _(
                    "The question is negative (“%(word)s”). Ask it the positive way if you can: "
                    "negative questions are easy to misread."
                )
                % {"word": word}
            )
        else:
            warnings.append(
                _(
                    "The question is negative (“%(word)s”). Ask it the positive way if you can; "
                    "if not, write the word in capitals (NOT, EXCEPT) so nobody misses it."
                )
                % {"word": word}
            )
    texts = [text.strip() for text, _correct in choices if text.strip()]
    if kind != QuestionKind.TRUE_FALSE and len(texts) > ADVISED_MAX_CHOICES:
        warnings.append(
            _(
                "It has %(n)d choices. Three or four good ones work better: extra weak choices "
                "add reading without testing more."
            )
            % {"n": len(texts)}
        )
    for text in texts:
        if match := _ABOVE.search(text):
            warnings.append(
                _(
                    "The choice “%(choice)s” uses “%(phrase)s”. Write each choice as its own "
                    "statement: learners can guess these from the other choices."
                )
                % {"choice": Truncator(text).chars(40), "phrase": match[0].lower()}
            )
    if kind != QuestionKind.TRUE_FALSE and len(texts) >= 2:
        lengths = [len(text) for text in texts]
        if min(lengths) and max(lengths) > LENGTH_RATIO * min(lengths):
            warnings.append(
                _(
                    "The choices differ a lot in length (%(short)d to %(long)d characters). "
                    "Make them about as long as each other."
                )
                % {"short": min(lengths), "long": max(lengths)}
            )
        right = [len(text.strip()) for text, correct in choices if correct and text.strip()]
        wrong = [len(text.strip()) for text, correct in choices if not correct and text.strip()]
        if (
            kind == QuestionKind.SINGLE
            and len(right) == 1
            and wrong
            and right[0] > CORRECT_LONGEST_RATIO * max(wrong)
        ):
            warnings.append(
                _(
                    "The right choice is clearly the longest, so learners can guess it from its "
                    "length. Shorten it or give the other choices the same detail."
                )
            )
    return warnings


def saved_question_warnings(questions: Iterable) -> list[str]:
    """Writing warnings of saved questions, each prefixed with the question's label."""
    questions = sorted(questions, key=lambda q: (q.position, q.pk))
    return [
        f"{question_label(number, question.prompt)}: {warning}"
        for number, question in enumerate(questions, start=1)
        for warning in question_writing_warnings(
            question.kind,
            question.prompt,
            [(choice.text, choice.is_correct) for choice in question.choices.all()],
        )
    ]
