"""Send the webhook deliveries whose next attempt is due (run by cron each minute)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lisa.webhooks.actions import deliveries_send_due


class Command(BaseCommand):
    help = "Send the webhook deliveries whose next attempt is due (cron, each minute)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now",
            type=dt.datetime.fromisoformat,
            default=None,
            help="Send what is due at this moment (ISO 8601 with a time zone) instead of now.",
        )

    def handle(self, *args: Any, now: dt.datetime | None = None, **options: Any) -> None:
        sent = deliveries_send_due(now=now)
        self.stdout.write(f"{sent} webhook deliveries attempted.")
