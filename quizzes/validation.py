"""The rules a question and a quiz must follow before learners may see them.

One place for the rules, so the admin forms, the "Publish" action, `Quiz.clean()`, the CSV
import and the sample-content loader all say the same thing in the same words. The functions
take plain values (a kind and the correct flags of the choices), not forms or models, so each
caller can check what it is about to save, not only what is already saved.
"""

import re
from collections import Counter
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
    warnings += joke_choice_warnings(kind, choices)
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


# Throwaway wrong choices: two simple rules, kept conservative so real distractors pass.
# 1. A wrong choice holding an obvious joke word (JOKE_WORDS) is flagged.
# 2. (Whole quiz.) A wrong choice with no misconception label is flagged when none of its
#    content words appears anywhere else in the quiz: not in any question, explanation, other
#    choice or other choice's feedback. Content words: 3+ letters and not a common word, or
#    an abbreviation like "MS"; "probiotics" and "probiotic" count as one word. A distractor
#    about the quiz's subject shares some word with the rest of the quiz; one that does not
#    ("Bake a cake") can be ruled out without knowing anything.
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
_SUFFIXES = ("ing", "ed", "es", "s", "ly")
_COMMON_WORDS = frozenset(
    """about after again all also and any are because been before being both but can could did
    does doing down each even every few for from get gets got had has have having her here him
    his how its into just like made make makes many may might more most much must near never
    not now off one only onto other our out over own same she should some such than that the
    their them then there these they thing things this those through too two under until very
    was way well were what when where which while who whom whose why will with would yes you
    your""".split()  # noqa: SIM905 - a word list reads better as text
)
JOKE_WORDS = frozenset(
    """unicorn unicorns alien aliens martian martians dinosaur dinosaurs wizard wizards
    spaceship lol haha""".split()  # noqa: SIM905 - a word list reads better as text
)


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)][:6]
    return word[:6]


def content_words(text: str) -> set[str]:
    """The words of a text that carry its subject, roughly stemmed (see the rules above)."""
    words = set()
    for word in _WORD.findall(text or ""):
        if word.isupper() and len(word) >= 2:
            words.add(word.lower())
        elif len(word) >= 3 and word.lower() not in _COMMON_WORDS:
            words.add(_stem(word.lower()))
    return words


def joke_choice_warnings(kind: str, choices: Sequence[tuple[str, bool]]) -> list[str]:
    """Wrong choices holding an obvious joke word (rule 1 above)."""
    warnings = []
    for text, correct in choices:
        jokes = sorted(set(_WORD.findall(text.lower())) & JOKE_WORDS)
        if jokes and not correct and kind != QuestionKind.TRUE_FALSE:
            warnings.append(
                _(
                    "The wrong choice “%(choice)s” looks like a joke (“%(word)s”). Every wrong "
                    "choice should be an answer someone might really give."
                )
                % {"choice": Truncator(text.strip()).chars(40), "word": jokes[0]}
            )
    return warnings


def off_topic_choice_warning(choice: str) -> str:
    return _(
        "The wrong choice “%(choice)s” shares no word with the rest of the quiz, so it is easy "
        "to rule out without knowing the answer. Make it a belief people really hold, and name "
        "it under “misconception”."
    ) % {"choice": Truncator(choice.strip()).chars(40)}


def off_topic_choice_warnings(questions: Sequence) -> list[str]:
    """off_topic_choices as messages, each naming its question."""
    questions = list(questions)
    return [
        f"{question_label(number, questions[number - 1][1])}: {off_topic_choice_warning(text)}"
        for number, text in off_topic_choices(questions)
    ]


def off_topic_choices(questions: Sequence) -> list[tuple[int, str]]:
    """Wrong choices that share no word with the rest of the quiz (rule 2 above).

    `questions` in quiz order, each (kind, prompt, explanation, choices) with choices as
    (text, correct, feedback, misconception); returns (question number, choice text) pairs.
    """
    questions = list(questions)
    # How many parts of the quiz use each word: a prompt with its explanation is one part,
    # a choice with its feedback another. A choice's words count "elsewhere" when some part
    # other than itself uses them.
    uses = Counter()
    parts = []
    for _kind, prompt, explanation, choices in questions:
        uses.update(content_words(f"{prompt} {explanation}"))
        own = [content_words(text) | content_words(feedback) for text, _c, feedback, _m in choices]
        for part in own:
            uses.update(part)
        parts.append(own)
    found = []
    for number, (kind, _prompt, _explanation, choices) in enumerate(questions, start=1):
        if kind == QuestionKind.TRUE_FALSE:
            continue
        for (text, correct, _feedback, misconception), own in zip(
            choices, parts[number - 1], strict=True
        ):
            mine = content_words(text)
            if correct or misconception.strip() or not mine:
                continue
            if not any(uses[word] > (word in own) for word in mine):
                found.append((number, text))
    return found


# The right answer's place. Below this many questions a pattern means little.
MIN_QUESTIONS_FOR_POSITION = 3


def correct_position_warnings(questions: Iterable[tuple[str, Sequence[bool]]]) -> list[str]:
    """Warn when the right answers sit in one place, given (kind, correct flags) in quiz order.

    Counted in the editors' order: learners see it when the quiz does not shuffle choices,
    in questions that keep their order, and in previews and exports. Single-choice questions:
    one place holds the right answer in more than half of them. Multiple-answer questions:
    in more than half of them every right choice comes before every wrong one.
    """
    questions = list(questions)
    warnings = []
    places = [
        flags.index(True) + 1
        for kind, flags in questions
        if kind == QuestionKind.SINGLE and sum(1 for flag in flags if flag) == 1
    ]
    if len(places) >= MIN_QUESTIONS_FOR_POSITION:
        place, count = Counter(places).most_common(1)[0]
        if count * 2 > len(places):
            warnings.append(
                _(
                    "The right answer is choice %(place)d in %(count)d of the %(total)d "
                    "single-choice questions. Someone who always picks choice %(place)d would "
                    "do well without knowing the answers: put the right answers in different "
                    "places."
                )
                % {"place": place, "count": count, "total": len(places)}
            )
    multiple = [
        list(flags)
        for kind, flags in questions
        if kind == QuestionKind.MULTIPLE and any(flags) and not all(flags)
    ]
    right_first = sum(1 for flags in multiple if flags == sorted(flags, reverse=True))
    if len(multiple) >= MIN_QUESTIONS_FOR_POSITION and right_first * 2 > len(multiple):
        warnings.append(
            _(
                "In %(count)d of the %(total)d multiple-answer questions, all the right choices "
                "come before the wrong ones. Mix the right and wrong choices."
            )
            % {"count": right_first, "total": len(multiple)}
        )
    return warnings


def saved_quiz_warnings(questions: Iterable) -> list[str]:
    """Writing warnings of a quiz's saved questions: each question's, then the quiz's own."""
    questions = sorted(questions, key=lambda q: (q.position, q.pk))
    texts = [
        (
            q.kind,
            q.prompt,
            q.explanation,
            [(c.text, c.is_correct, c.feedback, c.misconception) for c in q.choices.all()],
        )
        for q in questions
    ]
    return [
        *saved_question_warnings(questions),
        *off_topic_choice_warnings(texts),
        *correct_position_warnings((kind, [c[1] for c in choices]) for kind, *_t, choices in texts),
    ]


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
