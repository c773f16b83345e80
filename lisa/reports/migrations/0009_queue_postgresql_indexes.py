"""Indexes of the queue that only PostgreSQL has (bench/README.md, "Issue 6").

- report_org_open_filters: an organisation's open reports with the columns the queue filters
  on, so that the count of a filtered queue (category, place, office, assignee, dates) and the
  ids of its page are read off the index alone, not off 12,000 rows of the table.
- report_reference_trgm, report_description_trgm: trigram indexes for the free-text filter
  (`icontains` on the reference or the description: UPPER(…) LIKE '%…%'), which no B-tree serves.

SQLite has neither covering nor trigram indexes: there the migration does nothing. pg_trgm is
a trusted extension (PostgreSQL 13 and later): the owner of the database may create it. At a
million reports the migration takes about 45 s and blocks writes to reports meanwhile.
"""

from django.db import migrations

OPEN = "('new', 'acknowledged', 'in_progress', 'waiting', 'reopened')"

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS report_org_open_filters ON reports_report (organisation_id) "
    "INCLUDE (deadline, created_at, category_id, neighbourhood_id, municipality_id, office_id, "
    f"assigned_to_id, assigned_team_id) WHERE status IN {OPEN}",
    "CREATE INDEX IF NOT EXISTS report_reference_trgm ON reports_report "
    "USING gin (UPPER(reference) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS report_description_trgm ON reports_report "
    "USING gin (UPPER(description) gin_trgm_ops)",
]
DROP = [
    "DROP INDEX IF EXISTS report_description_trgm",
    "DROP INDEX IF EXISTS report_reference_trgm",
    "DROP INDEX IF EXISTS report_org_open_filters",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("reports", "0008_queue_sort_indexes")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP), elidable=False)]
