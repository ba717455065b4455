"""manage.py import_lexicon: load a deployment's lexicon from CSV, or the shipped defaults."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.screening import LexiconError
from cms.screening_service import lexicon_import, lexicon_load_defaults


class Command(BaseCommand):
    help = "Import a screening lexicon CSV (kind,category,term,suggestion,note) or the defaults."

    def add_arguments(self, parser):
        parser.add_argument("csv", nargs="?", help="CSV file (UTF-8 or GBK).")
        parser.add_argument("--replace", action="store_true", help="The file is the whole lexicon.")
        parser.add_argument("--defaults", action="store_true", help="Load the shipped defaults.")

    def handle(self, *args, csv=None, replace=False, defaults=False, **options):
        if defaults == bool(csv):
            raise CommandError("Give a CSV file or --defaults, not both.")
        try:
            version = (
                lexicon_load_defaults()
                if defaults
                else lexicon_import(user=None, data=Path(csv).read_bytes(), replace=replace)
            )
        except LexiconError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(f"Lexicon version {version.pk}: {version.entry_count} entries.")
        )
