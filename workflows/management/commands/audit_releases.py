from django.core.management.base import BaseCommand, CommandError

from workflows.audit import chain_findings, live_items_findings


class Command(BaseCommand):
    help = (
        "Report live items whose live revision has no complete approval record or release log "
        "entry, and verify the release log's hash chain. Exits non-zero on any finding."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip-content",
            action="store_true",
            help="Do not re-hash live revisions against the log (faster on large archives).",
        )

    def handle(self, *args, skip_content=False, **options):
        findings = live_items_findings(check_content=not skip_content)
        for finding in findings:
            self.stdout.write(
                f"page {finding.page_id} revision {finding.revision_id} "
                f"《{finding.title}》: {finding.problem}"
            )
        chain = chain_findings()
        for problem in chain:
            self.stdout.write(f"release log: {problem}")
        if findings or chain:
            raise CommandError(
                f"{len(findings)} live item finding(s), {len(chain)} log problem(s)."
            )
        self.stdout.write(
            self.style.SUCCESS(
                "All live items were released through the chain; the release log chain is intact."
            )
        )
