from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.security.seals import verify_events
from workflows.anchors import anchor_findings
from workflows.audit import chain_findings, live_items_findings


class Command(BaseCommand):
    help = (
        "Report live items whose live revision has no complete approval record or release log "
        "entry, verify the seals of the release log and of the security events, and with "
        "--anchors compare both chains with the anchors kept outside the database. Exits "
        "non-zero on any finding."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip-content",
            action="store_true",
            help="Do not re-hash live revisions against the log (faster on large archives).",
        )
        parser.add_argument(
            "--anchors",
            type=Path,
            metavar="DIR",
            help="A directory of anchors (manage.py write_anchors) to verify the chains against.",
        )

    def handle(self, *args, skip_content=False, anchors=None, **options):
        findings = live_items_findings(check_content=not skip_content)
        for finding in findings:
            self.stdout.write(
                f"page {finding.page_id} revision {finding.revision_id} "
                f"《{finding.title}》: {finding.problem}"
            )
        chain = chain_findings()
        for problem in chain:
            self.stdout.write(f"release log: {problem}")
        events = [str(problem) for problem in verify_events()]
        for problem in events:
            self.stdout.write(f"security events: {problem}")
        anchored = anchor_findings(anchors) if anchors else []
        for problem in anchored:
            self.stdout.write(f"anchors: {problem}")
        problems = len(chain) + len(events) + len(anchored)
        if findings or problems:
            raise CommandError(f"{len(findings)} live item finding(s), {problems} log problem(s).")
        self.stdout.write(
            self.style.SUCCESS(
                "All live items were released through the chain; the release log and the "
                "security events are intact" + (", and agree with the anchors." if anchors else ".")
            )
        )
