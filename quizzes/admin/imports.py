"""The admin side of the CSV question import: the upload form and what one upload did."""

from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from quizzes.importers import (
    MAX_FILE_BYTES,
    MAX_ROWS,
    CSVFileError,
    ParseResult,
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
    """Check the uploaded file and, unless this is a dry run, import it if it has no problems."""
    if not form.is_valid():
        return ImportOutcome()
    outcome = ImportOutcome(dry_run=form.cleaned_data["dry_run"])
    upload = form.cleaned_data["file"]
    try:
        outcome.result = import_questions_csv(
            quiz=quiz, data=upload.read(MAX_FILE_BYTES + 1), dry_run=outcome.dry_run
        )
    except CSVFileError as error:
        outcome.file_error = str(error)
        return outcome
    if outcome.result.ok and not outcome.dry_run:
        outcome.created = outcome.result.questions
    return outcome
