"""`manage.py compile_catalogs`: the translation catalogs, compiled without GNU gettext."""

from django.conf import settings
from django.core.management.base import BaseCommand

from core.catalogs import compile_catalogs


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po to .mo in pure Python (no gettext needed)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Compile up-to-date ones too.")

    def handle(self, *args, force=False, **options):
        written = compile_catalogs(settings.LOCALE_PATHS, force=force)
        self.stdout.write(f"Compiled {len(written)} catalog(s).")
