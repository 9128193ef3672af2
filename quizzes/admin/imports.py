"""The admin side of the CSV question import: the upload form and what one upload did.

A real import of more than LARGE_IMPORT questions runs as a background task (django.tasks)
in batches, and the editor watches its progress page (core.progress) instead of waiting on
a request; smaller imports and every dry run happen at once.
"""

from dataclasses import dataclass, field

from django import forms
from django.db import transaction
from django.tasks import task
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.progress import progress_finish, progress_start, progress_step
from quizzes.import_warnings import import_writing_warnings
from quizzes.importers import (
    MAX_FILE_BYTES,
    MAX_ROWS,
    CSVFileError,
    ParseResult,
    decode_csv,
    import_questions,
    import_questions_csv,
    parse_questions_csv,
)
from quizzes.models import Quiz

LARGE_IMPORT = 50
IMPORT_BATCH = 25


class QuestionImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: check the file and show what would be added, without saving"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext(
            "A UTF-8 CSV file with a header row: at most %(mb)d MB and %(rows)d questions."
        ) % {"mb": MAX_FILE_BYTES // 1_000_000, "rows": MAX_ROWS}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                gettext("The file is bigger than %(mb)d MB. Split it into smaller files.")
                % {"mb": MAX_FILE_BYTES // 1_000_000}
            )
        return upload


@dataclass
class ImportOutcome:
    dry_run: bool = True
    result: ParseResult | None = None
    file_error: str = ""
    created: list = field(default_factory=list)
    progress: object = None  # a core.models.TaskProgress when the import was queued


@task()
def import_questions_task(progress_id: int, quiz_id: int, text: str) -> int:
    """Add a large file's questions in batches, counting each batch on the progress row."""
    quiz = Quiz.objects.get(pk=quiz_id)
    result = parse_questions_csv(text)
    if not result.ok:  # checked before queueing; the file cannot have changed
        progress_finish(
            progress_id, gettext("The file has problems: nothing was added."), failed=True
        )
        return 0
    questions = result.questions
    for start in range(0, len(questions), IMPORT_BATCH):
        batch = questions[start : start + IMPORT_BATCH]
        with transaction.atomic():
            import_questions(quiz=quiz, questions=batch)
        progress_step(progress_id, len(batch))
    progress_finish(
        progress_id,
        ngettext(
            "Added %(n)d question to “%(quiz)s”.", "Added %(n)d questions to “%(quiz)s”.",
            len(questions),
        ) % {"n": len(questions), "quiz": quiz},
    )  # fmt: skip
    return len(questions)


def handle_import(form: QuestionImportForm, *, quiz, owner=None) -> ImportOutcome:
    """Check the uploaded file and, unless this is a dry run, import it if it has no problems.

    The writing advice is worked out before anything is added, so it reads the file's
    questions after the quiz's existing ones, in a dry run and a real import alike.
    """
    if not form.is_valid():
        return ImportOutcome()
    outcome = ImportOutcome(dry_run=form.cleaned_data["dry_run"])
    data = form.cleaned_data["file"].read(MAX_FILE_BYTES + 1)
    try:
        outcome.result = import_questions_csv(quiz=quiz, data=data, dry_run=True)
    except CSVFileError as error:
        outcome.file_error = str(error)
        return outcome
    if outcome.result.ok:
        questions = outcome.result.questions
        outcome.result.warnings = import_writing_warnings(quiz=quiz, questions=questions)
        if not outcome.dry_run and owner is not None and len(questions) > LARGE_IMPORT:
            outcome.progress = progress_start(
                owner=owner,
                label=gettext("Importing %(n)d questions into “%(quiz)s”")
                % {"n": len(questions), "quiz": quiz},
                total=len(questions),
            )
            import_questions_task.enqueue(outcome.progress.pk, quiz.pk, decode_csv(data))
        elif not outcome.dry_run:
            import_questions(quiz=quiz, questions=questions)
            outcome.created = questions
    return outcome
