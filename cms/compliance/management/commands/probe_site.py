"""manage.py probe_site [URL…]: probe the site's availability (issue 14). Without addresses it
probes the home page, a column page and the API under PUBLIC_BASE_URL. Run from cron every few
minutes, e.g. ``*/5 * * * *``; exits 1 when an address failed, so that cron mails it too."""

from django.core.management.base import BaseCommand, CommandError

from cms.compliance.probe import default_targets, site_probe

LINE = "{state} {url} 状态 {status} 用时 {seconds} {error}"
FAILED = "{count} 个地址探测失败。"


class Command(BaseCommand):
    help = "Probe public addresses, record status and response time, alert on the 5 % rule."

    def add_arguments(self, parser):
        parser.add_argument("urls", nargs="*", help="addresses (default: home, column, API)")

    def handle(self, *args, urls=(), **options):
        probes = site_probe(list(urls) or default_targets())
        for probe in probes:
            seconds = "—" if probe.seconds is None else f"{probe.seconds:.2f} 秒"
            state = "正常" if probe.ok else "失败"
            self.stdout.write(
                LINE.format(
                    state=state,
                    url=probe.url,
                    status=probe.status or "—",
                    seconds=seconds,
                    error=probe.error,
                ).rstrip()
            )
        if failed := sum(not probe.ok for probe in probes):
            raise CommandError(FAILED.format(count=failed), returncode=1)
