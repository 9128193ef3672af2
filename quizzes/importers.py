"""Import quiz questions from a CSV file (format: docs/quiz-import.md).

Two steps, so a dry run and a real import check a file the same way: `parse_questions_csv`
reads the text and returns every question it understood and every problem it found (it only
reads the database, to look up lesson slugs); `import_questions` then writes the questions, all
in one transaction, after the quiz's existing ones. Callers import only a file with no problems.
"""

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from learn.models import Article
from quizzes.models import Choice, Question, QuestionKind, Quiz
from quizzes.objective_tags import module_objectives, objectives_by_code, split_codes
from quizzes.validation import MAX_CHOICES, question_problems

MAX_FILE_BYTES = 1_000_000
MAX_ROWS = 500

COLUMNS = [
    "kind",
    "prompt",
    "explanation",
    "lesson_slug",
    "anchor",
    "correct",
    "keep_choice_order",
    "objectives",
]
REQUIRED_COLUMNS = ["kind", "prompt", "explanation", "correct"]
# choice_N, feedback_N and misconception_N for N = 1, 2, …: a row may fill at most six.
NUMBERED_COLUMN = re.compile(r"(choice|feedback|misconception)_([1-9][0-9]?)")

# Editors may write a kind as its stored value or as the label they see in the admin.
KIND_NAMES = {
    "single": QuestionKind.SINGLE,
    "single choice": QuestionKind.SINGLE,
    "multiple": QuestionKind.MULTIPLE,
    "multiple answers": QuestionKind.MULTIPLE,
    "true false": QuestionKind.TRUE_FALSE,
    "true or false": QuestionKind.TRUE_FALSE,
}

# keep_choice_order: empty means no, as does every "no" word here.
YES_WORDS = {"yes", "y", "true", "1", "x"}
NO_WORDS = {"", "no", "n", "false", "0"}

MAX_LENGTHS = {
    "anchor": Question._meta.get_field("anchor").max_length,
    "choice": Choice._meta.get_field("text").max_length,
    "misconception": Choice._meta.get_field("misconception").max_length,
}


@dataclass
class ParsedChoice:
    text: str
    is_correct: bool
    feedback: str = ""
    misconception: str = ""


@dataclass
class ParsedQuestion:
    line: int
    kind: str
    prompt: str
    explanation: str
    choices: list[ParsedChoice]
    article: Article | None = None
    anchor: str = ""
    keep_choice_order: bool = False
    objectives: list = field(default_factory=list)


@dataclass
class Problem:
    """A problem with one line of the file (`line` is None for the file as a whole)."""

    line: int | None
    message: str


@dataclass
class ParseResult:
    questions: list[ParsedQuestion] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Writing advice (quizzes/import_warnings.py), shown in the report; never stops an import.
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self):
        return not self.problems


class CSVFileError(ValueError):
    """The upload is not a CSV file this importer can read at all."""


def decode_csv(data: bytes) -> str:
    """The text of an uploaded file, or CSVFileError saying plainly what is wrong with it."""
    if len(data) > MAX_FILE_BYTES:
        raise CSVFileError(
            _("The file is bigger than %(mb)s MB. Split it into smaller files.")
            % {"mb": MAX_FILE_BYTES // 1_000_000}
        )
    if not data.strip():
        raise CSVFileError(_("The file is empty."))
    if b"\x00" in data:
        raise CSVFileError(
            _("This is not a CSV file. In your spreadsheet app, save it as “CSV UTF-8”.")
        )
    try:
        return data.decode("utf-8-sig")  # Excel starts UTF-8 CSV files with a byte-order mark.
    except UnicodeDecodeError:
        raise CSVFileError(
            _(
                "The file is not UTF-8 text. In your spreadsheet app, save it as “CSV UTF-8”, "
                "then upload it again."
            )
        ) from None


def _delimiter(header_line: str) -> str:
    # Spreadsheets in many languages save "CSV" with semicolons; use what the header uses.
    return max([",", ";", "\t"], key=header_line.count)


def _header_problems(header: list[str]) -> list[str]:
    problems = []
    for name in sorted({name for name in header if name and header.count(name) > 1}):
        problems.append(_("The column “%(name)s” appears twice.") % {"name": name})
    for name in header:
        if name and name not in COLUMNS and not NUMBERED_COLUMN.fullmatch(name):
            problems.append(
                _("Unknown column “%(name)s”. The columns are: %(columns)s.")
                % {
                    "name": name,
                    "columns": ", ".join(
                        [*COLUMNS, "choice_1 … choice_6", "feedback_1 …", "misconception_1 …"]
                    ),
                }
            )
    if missing := [name for name in REQUIRED_COLUMNS if name not in header]:
        problems.append(
            _("The header row needs these columns: %(missing)s.") % {"missing": ", ".join(missing)}
        )
    return problems


def _records(text: str):
    """(line number where the record starts, cells) for each record, the header first."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text.split("\n")[0]))
    start = 1
    for cells in reader:
        yield start, cells
        start = reader.line_num + 1


def parse_questions_csv(
    text: str, *, lessons: Mapping[str, Article] | None = None, quiz: Quiz | None = None
) -> ParseResult:
    """Every question in the CSV text, and every problem with its line number.

    `lessons` maps lesson slugs to lessons; by default the lessons the file names are
    looked up in one query. The objectives column names objectives of `quiz`'s module.
    Cells are plain text: one starting with "=" is not a formula.
    """
    result = ParseResult()
    records = _records(text)
    rows = []
    try:
        _line, header = next(records, (1, []))
        header = [name.strip().lower().replace(" ", "_") for name in header]
        if problems := _header_problems(header):
            result.problems += [Problem(1, message) for message in problems]
            return result
        for line, cells in records:
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) == MAX_ROWS:
                message = _(
                    "The file has more than %(max)d questions. Split it into smaller files."
                )
                result.problems.append(Problem(None, message % {"max": MAX_ROWS}))
                return result
            rows.append((line, cells))
    except csv.Error as error:
        message = _("The file could not be read as CSV: %(error)s") % {"error": error}
        result.problems.append(Problem(None, message))
        return result
    if not rows:
        result.problems.append(Problem(None, _("The file has a header row but no questions.")))
        return result

    rows = [(line, _cells_by_column(header, cells)) for line, cells in rows]
    if lessons is None:
        slugs = {cells.get("lesson_slug", "") for _line, cells in rows} - {""}
        lessons = {article.slug: article for article in Article.objects.filter(slug__in=slugs)}
    module_id = quiz.module_id if quiz else None
    objectives = module_objectives(module_id)
    for line, cells in rows:
        question, problems = _parse_row(line, cells, lessons)
        tagged, tag_problems = objectives_by_code(
            module_id=module_id, codes=split_codes(cells.get("objectives", "")), known=objectives
        )
        problems += tag_problems
        if question is not None and not problems:
            question.objectives = tagged
        result.problems += [Problem(line, message) for message in problems]
        if question is not None and not problems:
            result.questions.append(question)
    return result


def _cells_by_column(header, cells):
    row = {name: cell.strip() for name, cell in zip(header, cells, strict=False) if name}
    if any(cell.strip() for cell in cells[len(header) :]):
        row[None] = ""  # More cells than columns: reported by _parse_row.
    return row


def _parse_row(line, cells, lessons):
    """The ParsedQuestion of one line (None if it has problems) and its problems."""
    problems = []
    if None in cells:
        problems.append(_("This line has more cells than the header row."))
    for column, value in cells.items():
        limit = MAX_LENGTHS.get(column.split("_")[0] if column else "")
        if limit and len(value) > limit:
            problems.append(
                _("%(column)s is %(length)d characters long; the limit is %(limit)d.")
                % {"column": column, "length": len(value), "limit": limit}
            )

    raw_kind = cells.get("kind", "")
    kind = KIND_NAMES.get(" ".join(re.split(r"[\s_/-]+", raw_kind.lower())))
    if not raw_kind:
        problems.append(_("kind is empty. Use single, multiple or true_false."))
    elif kind is None:
        problems.append(
            _("Unknown kind “%(kind)s”. Use single, multiple or true_false.") % {"kind": raw_kind}
        )
    prompt, explanation = cells.get("prompt", ""), cells.get("explanation", "")
    if not prompt:
        problems.append(_("prompt is empty: write the question."))
    if not explanation:
        problems.append(_("explanation is empty: say why the right answer is right."))
    choices, choice_problems = _parse_choices(cells, kind)
    problems += choice_problems

    slug, anchor = cells.get("lesson_slug", ""), cells.get("anchor", "")
    article = lessons.get(slug) if slug else None
    if slug and article is None:
        problems.append(_("No lesson has the slug “%(slug)s”.") % {"slug": slug})
    if anchor:
        try:
            validate_slug(anchor)
        except ValidationError:
            problems.append(
                _("anchor “%(anchor)s” may only have letters, numbers, hyphens and underscores.")
                % {"anchor": anchor}
            )
    keep = cells.get("keep_choice_order", "").lower()
    if keep not in YES_WORDS | NO_WORDS:
        problems.append(
            _("keep_choice_order must be yes or no (or empty for no), not “%(value)s”.")
            % {"value": cells.get("keep_choice_order", "")}
        )
    if problems:
        return None, problems
    question = ParsedQuestion(
        line=line,
        kind=kind,
        prompt=prompt,
        explanation=explanation,
        choices=choices,
        article=article,
        anchor=anchor,
        keep_choice_order=keep in YES_WORDS,
    )
    return question, []


def _parse_choices(cells, kind):
    """The choices of one line, and the problems in its choice and correct cells."""
    problems = []
    numbers = [
        int(match[2]) for column in cells if column and (match := NUMBERED_COLUMN.fullmatch(column))
    ]
    texts = [cells.get(f"choice_{n}", "") for n in range(1, max([MAX_CHOICES, *numbers]) + 1)]
    if kind == QuestionKind.TRUE_FALSE and not any(texts):
        texts[:2] = [_("True"), _("False")]
    count = 0
    for n, text in enumerate(texts, start=1):
        if text and count < n - 1:
            problems.append(
                _("choice_%(n)d is filled in but choice_%(gap)d is empty. Fill choices in order.")
                % {"n": n, "gap": count + 1}
            )
            break
        count = n if text else count
    for n in range(count + 1, len(texts) + 1):
        for name in ("feedback", "misconception"):
            if cells.get(f"{name}_{n}"):
                problems.append(
                    _("%(column)s is filled in, but choice_%(n)d is empty.")
                    % {"column": f"{name}_{n}", "n": n}
                )

    raw_correct = cells.get("correct", "")
    correct = set()
    if not raw_correct:
        problems.append(_("correct is empty: give the number of the right choice, like 1 or 1;3."))
    elif not re.fullmatch(r"\d+([;,\s]+\d+)*", raw_correct):
        problems.append(
            _("correct must be choice numbers like 1 or 1;3, not “%(value)s”.")
            % {"value": raw_correct}
        )
    else:
        correct = {int(token) for token in re.split(r"[;,\s]+", raw_correct)}
        for number in sorted(correct - set(range(1, count + 1))):
            problems.append(
                _("correct names choice %(number)d, but this question has %(count)d choices.")
                % {"number": number, "count": count}
            )
    choices = [
        ParsedChoice(
            text=texts[n - 1],
            is_correct=n in correct,
            feedback=cells.get(f"feedback_{n}", ""),
            misconception=cells.get(f"misconception_{n}", ""),
        )
        for n in range(1, count + 1)
    ]
    if kind and not problems:
        problems += question_problems(kind, [choice.is_correct for choice in choices])
    return choices, problems


@transaction.atomic
def import_questions(*, quiz: Quiz, questions: Sequence[ParsedQuestion]) -> list[Question]:
    """Add the parsed questions, with their choices, after the quiz's existing questions."""
    # Locking the quiz row keeps two imports into the same quiz from taking the same positions.
    quiz = Quiz.objects.select_for_update().get(pk=quiz.pk)
    last = quiz.questions.aggregate(last=Max("position"))["last"] or 0
    created = Question.objects.bulk_create(
        Question(
            quiz=quiz,
            position=last + number,
            kind=parsed.kind,
            prompt=parsed.prompt,
            explanation=parsed.explanation,
            article=parsed.article,
            anchor=parsed.anchor,
            keep_choice_order=parsed.keep_choice_order,
        )
        for number, parsed in enumerate(questions, start=1)
    )
    Choice.objects.bulk_create(
        Choice(
            question=question,
            position=position,
            text=choice.text,
            is_correct=choice.is_correct,
            feedback=choice.feedback,
            misconception=choice.misconception,
        )
        for question, parsed in zip(created, questions, strict=True)
        for position, choice in enumerate(parsed.choices, start=1)
    )
    Question.objectives.through.objects.bulk_create(
        Question.objectives.through(question=question, learningobjective=objective)
        for question, parsed in zip(created, questions, strict=True)
        for objective in parsed.objectives
    )
    return created


def import_questions_csv(*, quiz: Quiz, data: bytes, dry_run: bool) -> ParseResult:
    """Check an uploaded file and, unless it is a dry run or has a problem, import it all.

    Raises CSVFileError when the upload is not a readable CSV file.
    """
    result = parse_questions_csv(decode_csv(data), quiz=quiz)
    if result.ok and not dry_run:
        import_questions(quiz=quiz, questions=result.questions)
    return result
