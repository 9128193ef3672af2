"""The admin side of the CSV question import: the upload form and what one upload did."""

from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from quizzes.import_warnings import import_writing_warnings
from quizzes.importers import (
    MAX_FILE_BYTES,
    MAX_ROWS,
    CSVFileError,
    ParseResult,
    import_questions,
    import_questions_csv,
)


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


def handle_import(form: QuestionImportForm, *, quiz) -> ImportOutcome:
    """Check the uploaded file and, unless this is a dry run, import it if it has no problems.

    The writing advice is worked out before anything is added, so it reads the file's
    questions after the quiz's existing ones, in a dry run and a real import alike.
    """
    if not form.is_valid():
        return ImportOutcome()
    outcome = ImportOutcome(dry_run=form.cleaned_data["dry_run"])
    upload = form.cleaned_data["file"]
    try:
        outcome.result = import_questions_csv(
            quiz=quiz, data=upload.read(MAX_FILE_BYTES + 1), dry_run=True
        )
    except CSVFileError as error:
        outcome.file_error = str(error)
        return outcome
    if outcome.result.ok:
        questions = outcome.result.questions
        outcome.result.warnings = import_writing_warnings(quiz=quiz, questions=questions)
        if not outcome.dry_run:
            import_questions(quiz=quiz, questions=questions)
            outcome.created = questions
    return outcome
