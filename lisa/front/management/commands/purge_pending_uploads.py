"""Remove the photos of report forms that were never sent (kept under pending/ for a day)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone

from lisa.front.uploads import PENDING_DIR


class Command(BaseCommand):
    help = "Remove the photos of report forms left unsent for more than --hours (24)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--hours", type=int, default=24)

    def handle(self, *args: Any, **options: Any) -> None:
        before = timezone.now() - dt.timedelta(hours=options["hours"])
        removed = 0
        try:
            folders, _files = default_storage.listdir(PENDING_DIR)
        except FileNotFoundError:
            folders = []
        for folder in folders:
            _dirs, files = default_storage.listdir(f"{PENDING_DIR}/{folder}")
            for name in files:
                path = f"{PENDING_DIR}/{folder}/{name}"
                if default_storage.get_modified_time(path) < before:
                    default_storage.delete(path)
                    removed += 1
        self.stdout.write(f"{removed} file(s) removed.")
