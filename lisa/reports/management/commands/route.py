import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from lisa.errors import LisaError
from lisa.geo.locator import locate
from lisa.reports.models import Category
from lisa.reports.questions import clean_answers
from lisa.reports.routing import route


class Command(BaseCommand):
    help = "Print which organisation would handle a report of a category at a point, and why."

    def add_arguments(self, parser):
        parser.add_argument("--category", required=True, help="category code, e.g. dumping-bulky")
        parser.add_argument("lat", type=float)
        parser.add_argument("lon", type=float)
        parser.add_argument(
            "--answer",
            action="append",
            default=[],
            metavar="QUESTION=VALUE",
            help="an answer to the category's extra questions, e.g. road=regional",
        )
        parser.add_argument("--language", default="en", choices=["fr", "nl", "en"])
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options):
        category = Category.objects.filter(code=options["category"]).first()
        if category is None:
            codes = ", ".join(Category.objects.values_list("code", flat=True))
            raise CommandError(f"No category {options['category']!r}. Known: {codes}")
        answers = dict(answer.split("=", 1) for answer in options["answer"] if "=" in answer)
        try:
            with translation.override(options["language"]):
                location = locate(lat=options["lat"], lon=options["lon"])
                decision = route(
                    category=category,
                    location=location,
                    attributes=clean_answers(category=category, answers=answers),
                )
                explanation = decision.explanation
        except LisaError as error:
            self.stderr.write(
                json.dumps(error.as_dict(), ensure_ascii=False) if options["json"] else str(error)
            )
            raise SystemExit(2) from error
        organisation = decision.organisation
        result = {
            "organisation": (
                {
                    "code": organisation.code,
                    "kind": organisation.kind,
                    "name_fr": organisation.name_fr,
                    "name_nl": organisation.name_nl,
                    "name_en": organisation.name_en,
                }
                if organisation
                else None
            ),
            "rule": (
                {"position": decision.rule.position, "code": decision.rule.code}
                if decision.rule
                else None
            ),
            "step": decision.step,
            "explanation": explanation,
            "municipality": location.municipality.code,
        }
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(explanation)
