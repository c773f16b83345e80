"""The database cache's table (settings.CACHES), made by `migrate` so that no installation can
forget it: the rate limits of the public forms count in it, and without it every form would
fail. `createcachetable` leaves an existing table alone."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies: list[tuple[str, str]] = []

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
