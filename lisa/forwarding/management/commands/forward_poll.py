"""manage.py forward_poll: read back what the other systems say of the reports sent to them."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lisa.errors import LisaError
from lisa.forwarding.actions import statuses_read, systems_to_read


class Command(BaseCommand):
    help = (
        "Read the statuses of the forwarded reports from each external system (GET requests or "
        "servicerequestupdates) and append each change to the report's history."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        unreachable = []
        for system in systems_to_read():
            try:
                changed = statuses_read(system=system)
            except LisaError as error:
                unreachable.append(str(error.message))
                continue
            self.stdout.write(f"{system.name}: {changed} change(s).")
        if unreachable:
            # Exit code 1, so cron tells someone; the systems that answered were read.
            raise CommandError(" ".join(unreachable))
