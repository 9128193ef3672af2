"""`manage.py load_sample_content [--path DIR]`: create the sample content that is missing."""

import importlib
import importlib.util
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from learn.sample_loader import DEFAULT_PATH, SampleContentError, load_sample_content

LABELS = {
    "topics": "Topics",
    "contributors": "Contributors",
    "modules": "Modules",
    "references": "References",
    "lessons": "Lessons",
    "faqs": "FAQs",
    "objectives": "Learning objectives",
}


class Command(BaseCommand):
    help = (
        "Create the sample topics, contributors, modules, references, lessons, FAQs and "
        "quizzes that are not in the database yet. Existing items are never changed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--path",
            type=Path,
            default=DEFAULT_PATH,
            help="Folder with site.toml, lessons/ and faqs.toml (default: learn/sample_content).",
        )
        parser.add_argument(
            "--no-quizzes",
            action="store_true",
            help="Load the learning content only: no sample quizzes and no translations.",
        )

    def handle(self, *args, path, no_quizzes, **options):
        if not path.is_dir():
            raise CommandError(f"{path} is not a folder.")
        try:
            # One transaction for everything, quizzes included: a problem anywhere leaves
            # the database as it was.
            with transaction.atomic():
                summary = load_sample_content(path=path)
                for kind, (created, present) in summary.items():
                    self.stdout.write(
                        f"{LABELS[kind]}: {created} created, {present} already present."
                    )
                # Hook for the quiz loader, which lives with the quizzes (another module owns
                # its format). It is optional so this command works before it exists.
                if not no_quizzes and importlib.util.find_spec("quizzes.sample_loader"):
                    quiz_loader = importlib.import_module("quizzes.sample_loader")
                    quiz_loader.load_sample_quizzes(stdout=self.stdout)
                    # The translated sample modules (learn/sample_content/<language>/) need
                    # the quizzes, so their loader lives with them too.
                    translations = importlib.import_module("quizzes.sample_translations")
                    translations.load_sample_translations(stdout=self.stdout)
        except SampleContentError as error:
            problems = "\n".join(f"  - {problem}" for problem in error.problems)
            raise CommandError(
                f"The sample content in {path} has problems; nothing was loaded.\n{problems}"
            ) from error
        self.stdout.write(self.style.SUCCESS("Sample content is in place."))
