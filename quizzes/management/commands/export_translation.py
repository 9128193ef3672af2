"""`manage.py export_translation <module-slug> --language es --format po|xliff [--output F]`."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from learn.models import Module
from quizzes.translation_export import FORMATS, export_module


class Command(BaseCommand):
    help = (
        "Write a module's translation file (the module, its lessons, FAQs, learning objectives, "
        "the glossary terms its lessons use and its quizzes) for translators, as PO or XLIFF."
    )

    def add_arguments(self, parser):
        parser.add_argument("module", help="The module's slug.")
        languages = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
        parser.add_argument("--language", required=True, choices=languages)
        parser.add_argument("--format", dest="file_format", choices=sorted(FORMATS), default="po")
        parser.add_argument(
            "--output", type=Path, help="The file to write (default: print it to the screen)."
        )

    def handle(self, *args, module, language, file_format, output, **options):
        found = Module.objects.sources().filter(slug=module).first()
        if found is None:
            raise CommandError(f"There is no module with the slug {module!r}.")
        name, _type, content = export_module(found, language=language, file_format=file_format)
        if output is None:
            self.stdout.write(content, ending="")
            return
        output.write_text(content, encoding="utf-8")
        self.stderr.write(f"Wrote {output} ({name}).")
