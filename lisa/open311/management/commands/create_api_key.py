"""manage.py create_api_key --name NAME [--organisation CODE] [--user USERNAME]
--scopes read,write"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lisa.accounts.models import Organisation, User
from lisa.errors import LisaError
from lisa.open311.keys import api_key_create


class Command(BaseCommand):
    help = (
        "Make an API key for the Open311 server and the JSON API; the key is printed once, "
        "alone on the last line."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True)
        parser.add_argument("--organisation", default="", help="the organisation's code")
        parser.add_argument(
            "--user",
            default="",
            help="the username the key acts as in the JSON API (without: public data only)",
        )
        parser.add_argument("--scopes", default="read", help="read, write or read,write")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = None
        if options["organisation"]:
            organisation = Organisation.objects.filter(code=options["organisation"]).first()
            if organisation is None:
                raise CommandError(f"No organisation {options['organisation']}.")
        user = None
        if options["user"]:
            user = User.objects.filter(username=options["user"], is_active=True).first()
            if user is None:
                raise CommandError(f"No active user {options['user']}.")
        try:
            created = api_key_create(
                name=options["name"],
                organisation=organisation,
                user=user,
                scopes=options["scopes"].split(","),
            )
        except LisaError as error:
            raise CommandError(str(error.message)) from None
        api_key = created.api_key
        self.stdout.write(
            f"Key {api_key.prefix}… for {api_key.name}, scopes {','.join(api_key.scopes)}. "
            "It is shown once: keep it now."
        )
        self.stdout.write(created.key)
