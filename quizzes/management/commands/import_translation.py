"""`manage.py import_translation FILE`: a translated PO or XLIFF file into the translations."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from publishing.translation_files import MAX_FILE_BYTES, TranslationFileError
from quizzes.translation_import import import_translation


class Command(BaseCommand):
    help = (
        "Import a translated file made by export_translation. Only the translations change "
        "(missing ones are created as drafts), never the English; a file with any problem "
        "changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        try:
            if file.stat().st_size > MAX_FILE_BYTES:
                raise TranslationFileError(f"{file} is larger than {MAX_FILE_BYTES} bytes.")
            summary = import_translation(file.read_bytes())
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        except TranslationFileError as error:
            raise CommandError(f"Nothing was imported. {error}") from error
        self.stdout.write(
            f"{summary.module.slug} ({summary.language}): {len(summary.created)} translations "
            f"created as drafts, {summary.changed} texts written, "
            f"{len(summary.sent_to_review)} published translations sent back to review."
        )
