from django.core.management.base import BaseCommand

from cms.security.role_setup import roles_setup
from workflows.services import chain_setup


class Command(BaseCommand):
    help = (
        "Create or update the groups of the seven roles with their permissions, and the "
        "approval chain's workflow (idempotent)."
    )

    def handle(self, *args, **options):
        groups = roles_setup()
        for role, group in groups.items():
            self.stdout.write(f"{group.name} ({role})")
        workflow = chain_setup()
        self.stdout.write(self.style.SUCCESS(f"{len(groups)} roles ready; chain: {workflow}."))
