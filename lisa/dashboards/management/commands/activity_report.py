"""Write the annual activity report of an office or of the region as a PDF.

The command acts as the system, reading as a regional analyst does: every office and the
region, aggregates only (the report holds no personal data).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from lisa.dashboards.annual import annual_pdf, annual_report, system_reader
from lisa.dashboards.selectors import DashboardScope, Level
from lisa.errors import LisaError
from lisa.offices.models import Office

# A bad argument is a usage error: the exit code argparse gives its own.
USAGE_ERROR = 2


class Command(BaseCommand):
    help = (
        "Write the annual activity report of an office (--office CODE) or of the region "
        "(--region) for a year, as a PDF. Runs as the system, with a regional analyst's view."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--office", metavar="CODE", help="the office's code")
        which.add_argument("--region", action="store_true", help="the whole region")
        parser.add_argument("--year", type=int, required=True, metavar="YYYY")
        parser.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            choices=[code for code, _name in settings.LANGUAGES],
            help="the report's language (default: %(default)s)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"]
        if out.suffix.lower() != ".pdf":
            raise CommandError("--out must name a .pdf file.", returncode=USAGE_ERROR)
        if not out.parent.is_dir():
            raise CommandError(
                f"--out: the folder {out.parent} does not exist.", returncode=USAGE_ERROR
            )
        reader = system_reader()
        with translation.override(options["language"]):
            scope = self._scope(options["office"])
            try:
                report = annual_report(reader, scope, options["year"])
            except LisaError as error:
                raise CommandError(str(error.message), returncode=USAGE_ERROR) from error
            out.write_bytes(annual_pdf(report))
        self.stdout.write(f"{out}: {report.scope.name}, {report.year}")

    def _scope(self, code: str | None) -> DashboardScope:
        if code is None:
            return DashboardScope(Level.REGION, None, "")
        office = Office.objects.filter(code=code).first()
        if office is None:
            known = ", ".join(Office.objects.order_by("code").values_list("code", flat=True))
            raise CommandError(
                f"--office: there is no office {code!r} (offices: {known or 'none'}).",
                returncode=USAGE_ERROR,
            )
        return DashboardScope(Level.OFFICE, office.pk, office.name)
