"""manage.py import_lexicon: merge a CSV or the shipped defaults into the screening lexicon, or
with --replace make it the whole lexicon, after saying what that removes (R-12, issue 11)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.screening.engine import LexiconError, default_entries, import_csv
from cms.screening.services import lexicon_import, lexicon_load_defaults, lexicon_replace_plan

SHOWN = 20


class Command(BaseCommand):
    help = (
        "Merge a screening lexicon CSV (kind,category,term,suggestion,note) or the shipped "
        "defaults into the stored lexicon; --replace makes it the whole lexicon."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv", nargs="?", help="CSV file (UTF-8 or GBK).")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="The file is the whole lexicon: entries it lacks are removed, after confirmation.",
        )
        parser.add_argument("--defaults", action="store_true", help="The shipped defaults.")
        parser.add_argument(
            "--yes",
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Replace without asking (for scripts).",
        )

    def handle(self, *args, csv=None, replace=False, defaults=False, interactive=True, **options):
        if defaults == bool(csv):
            raise CommandError("Give a CSV file or --defaults, not both.")
        data = None if defaults else Path(csv).read_bytes()
        try:
            # Asked outside any transaction; the service refuses if the count moved meanwhile.
            confirmed = self._confirmed_removals(data, interactive) if replace else None
            version = self._store(data, replace=replace, confirmed=confirmed)
        except LexiconError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(f"Lexicon version {version.pk}: {version.entry_count} entries.")
        )

    def _store(self, data, *, replace, confirmed):
        if data is None:
            return lexicon_load_defaults(replace=replace, confirmed_removals=confirmed)
        return lexicon_import(user=None, data=data, replace=replace, confirmed_removals=confirmed)

    def _confirmed_removals(self, data, interactive: bool) -> int:
        """Say what replacing removes and, interactively, ask; the count confirmed."""
        entries = default_entries() if data is None else import_csv(data)
        plan = lexicon_replace_plan(entries)
        self.stdout.write(
            f"Replacing removes {len(plan.removed)} active entries "
            f"({plan.shipped} of them shipped defaults)."
        )
        for entry in plan.removed[:SHOWN]:
            self.stdout.write(f"  - {entry.kind}: {entry.term}")
        if len(plan.removed) > SHOWN:
            self.stdout.write(f"  ... and {len(plan.removed) - SHOWN} more")
        if plan.removed and interactive and not self._yes():
            raise CommandError("Replace cancelled; the lexicon is unchanged.")
        return len(plan.removed)

    def _yes(self) -> bool:
        try:
            return input("Type 'yes' to replace: ").strip() == "yes"
        except EOFError:  # no terminal: a script must say --yes
            return False
