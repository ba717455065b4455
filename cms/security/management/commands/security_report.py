"""manage.py security_report: the self-check for the periodic security review (article 5)."""

from django.core.management.base import BaseCommand, CommandError

from cms.security.report import FAIL, report_text, security_report

FAILED = "安全自查有 {count} 项未通过，请处理后重新检查。"


class Command(BaseCommand):
    help = (
        "Print the security self-check (deployment checks, scanner, passwords, two factors, "
        "dormant accounts, superusers, recent events); exit 1 if any check fails."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip-deploy-check",
            action="store_true",
            help="leave out `check --deploy` under production settings (it starts a subprocess)",
        )

    def handle(self, *args, skip_deploy_check=False, **options):
        results = security_report(deploy=not skip_deploy_check)
        self.stdout.write(report_text(results))
        failed = sum(result.status == FAIL for result in results)
        if failed:
            raise CommandError(FAILED.format(count=failed), returncode=1)
