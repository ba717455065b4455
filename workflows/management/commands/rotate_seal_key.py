from django.core.management.base import BaseCommand, CommandError

from cms.core.crypto.keys import KeyRotationUnsupported, key_version_add, keyring_reset
from cms.security import seals as event_seals
from workflows import release_log


class Command(BaseCommand):
    help = (
        "Start a new key version for seals and encrypted fields, and record the switch-over in "
        "the release log and the security events. History is not rewritten: older entries "
        "keep verifying under the version they name."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--record-only",
            action="store_true",
            help="The new version was added in the KMS already: only record the switch-over.",
        )

    def handle(self, *args, record_only=False, **options):
        if record_only:
            keyring_reset()
        else:
            try:
                version = key_version_add()
            except KeyRotationUnsupported as error:
                raise CommandError(str(error)) from error
            self.stdout.write(f"新密钥版本：{version}")
        entry = release_log.seal_switch_record()
        event = event_seals.seal_switch_record()
        for name, record in (("信息发布日志", entry), ("安全事件", event)):
            if record is not None:
                self.stdout.write(f"{name}：第{record.sequence}条记录了封印切换")
        self.stdout.write(self.style.SUCCESS("封印密钥已轮换；此前的记录仍按原版本核验。"))
