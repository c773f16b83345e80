"""manage.py forward_due: send the forwarded reports that are due (cron, every minute)."""

from typing import Any

from django.core.management.base import BaseCommand

from lisa.forwarding.actions import forwardings_send_due


class Command(BaseCommand):
    help = (
        "Send the reports waiting for another Open311 system, and ask for the numbers of those "
        "it took with a token; a failure schedules the next attempt."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        made = forwardings_send_due()
        self.stdout.write(f"Calls made: {made}.")
