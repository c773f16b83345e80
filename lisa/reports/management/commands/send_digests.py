import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from lisa.accounts.models import Organisation
from lisa.reports.tasks import send_digest


class Command(BaseCommand):
    help = (
        "Queue the daily e-mail of each organisation: its new reports since the last run "
        "(by default the last 24 hours) and its overdue ones. Run it once a day from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24, help="what counts as new (hours)")

    def handle(self, *args, **options):
        since = timezone.now() - dt.timedelta(hours=options["hours"])
        organisations = Organisation.objects.filter(
            is_active=True, memberships__is_active=True
        ).distinct()
        count = 0
        for organisation in organisations:
            send_digest.enqueue(organisation_id=organisation.pk, since=since.isoformat())
            count += 1
        self.stdout.write(f"digests queued: {count}")
