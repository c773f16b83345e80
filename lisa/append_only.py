"""The record is kept: rows of some tables are never changed, or never removed.

Two layers hold the guarantee. In Python, the models refuse `save()` of an
existing row and `delete()`, and their querysets refuse bulk `update()` and
`delete()`, with AppendOnlyError: a mistake fails loudly where it is made. In
the database, triggers refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL)
whoever sends them: the ORM's base manager, raw SQL, a shell, another program.

The triggers are installed by a migration operation, so a later append-only
table (notes, case history) gets its guard with one line in its migration:

    RefuseChanges("note", refuse=["UPDATE", "DELETE"])

SQLite drops a table's triggers when a migration rebuilds the table (it does so
to alter or remove a column): repeat RefuseChanges after such an operation.
`lisa/reports/tests/test_append_only.py` checks that every guard is in place.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import models
from django.db.migrations.operations.base import Operation

# Every guard trigger's name starts with this, so that tools can find them all.
TRIGGER_PREFIX = "lisa_refuse_"
STATEMENTS = ("UPDATE", "DELETE")


class AppendOnlyError(Exception):
    """A write that would change or remove the record."""


def refusal(model: type[models.Model], statement: str) -> str:
    return f"LISA keeps the record: {statement} on {model._meta.label} is refused."


class AppendOnlyQuerySet(models.QuerySet):
    """Rows are added, never changed or removed."""

    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError(refusal(self.model, "UPDATE"))

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(refusal(self.model, "DELETE"))


class UndeletableQuerySet(models.QuerySet):
    """Rows may be corrected, never removed."""

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(refusal(self.model, "DELETE"))


class AppendOnlyModel(models.Model):
    """A row written once: part of the record, never changed or removed.

    Its migration adds `RefuseChanges(name, refuse=["UPDATE", "DELETE"])`.
    """

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError(refusal(type(self), "UPDATE"))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError(refusal(type(self), "DELETE"))


class UndeletableModel(models.Model):
    """A row of the record that may change (a status, a flag) but is never removed.

    Its migration adds `RefuseChanges(name, refuse=["DELETE"])`.
    """

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        abstract = True

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError(refusal(type(self), "DELETE"))


class RefuseChanges(Operation):
    """Install database triggers that refuse UPDATE and/or DELETE on a model's table.

    On PostgreSQL, refusing DELETE refuses TRUNCATE too. Only SQLite and
    PostgreSQL are supported: on another database the migration stops.
    """

    reversible = True
    reduces_to_sql = True

    def __init__(self, model_name: str, refuse: Sequence[str]):
        unknown = sorted(set(refuse) - set(STATEMENTS))
        if unknown or not refuse:
            raise ValueError(f"refuse lists some of {STATEMENTS}, not {list(refuse)}")
        self.model_name = model_name
        self.refuse = [statement for statement in STATEMENTS if statement in refuse]

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return self.__class__.__qualname__, [self.model_name], {"refuse": self.refuse}

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass  # triggers are not part of Django's model state

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            for sql in guard_sql(
                schema_editor.connection.vendor,
                model._meta.db_table,
                self.refuse,
                schema_editor.quote_name,
            ):
                # No params: the PostgreSQL function's "%" must reach the server as is.
                schema_editor.execute(sql, params=None)

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            for sql in unguard_sql(
                schema_editor.connection.vendor,
                model._meta.db_table,
                self.refuse,
                schema_editor.quote_name,
            ):
                schema_editor.execute(sql, params=None)

    def describe(self) -> str:
        return f"Refuse {' and '.join(self.refuse)} on {self.model_name} in the database"

    @property
    def migration_name_fragment(self) -> str:
        return f"refuse_changes_{self.model_name.lower()}"


def trigger_name(table: str, statement: str) -> str:
    return f"{TRIGGER_PREFIX}{statement.lower()}_{table}"[:63]


def _statements(vendor: str, refuse: Sequence[str]) -> list[str]:
    if vendor not in ("sqlite", "postgresql"):
        raise NotImplementedError(
            f"LISA guards its record on SQLite and PostgreSQL only, not on {vendor}."
        )
    statements = list(refuse)
    if vendor == "postgresql" and "DELETE" in statements:
        # TRUNCATE empties a table without firing DELETE triggers.
        statements.append("TRUNCATE")
    return statements


# One function for every guarded table; the message names the statement and the table.
POSTGRESQL_FUNCTION = """
CREATE OR REPLACE FUNCTION lisa_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'LISA keeps the record: % on % is refused.', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation',
              HINT = 'See docs/adr/0005-append-only-record.md.';
END;
$$
"""


def guard_sql(
    vendor: str, table: str, refuse: Sequence[str], quote: Callable[[str], str]
) -> list[str]:
    """Return the SQL that installs the triggers; running it again replaces them."""
    sql = unguard_sql(vendor, table, refuse, quote)
    if vendor == "postgresql":
        sql.append(POSTGRESQL_FUNCTION.strip())
    for statement in _statements(vendor, refuse):
        name = quote(trigger_name(table, statement))
        if vendor == "sqlite":
            message = f"LISA keeps the record: {statement} on {table} is refused."
            sql.append(
                f"CREATE TRIGGER {name} BEFORE {statement} ON {quote(table)} FOR EACH ROW "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
            )
        else:
            each = "STATEMENT" if statement == "TRUNCATE" else "ROW"
            sql.append(
                f"CREATE TRIGGER {name} BEFORE {statement} ON {quote(table)} "
                f"FOR EACH {each} EXECUTE FUNCTION lisa_refuse_change()"
            )
    return sql


def unguard_sql(
    vendor: str, table: str, refuse: Sequence[str], quote: Callable[[str], str]
) -> list[str]:
    """Return the SQL that removes the triggers (the shared function stays)."""
    on = f" ON {quote(table)}" if vendor == "postgresql" else ""
    return [
        f"DROP TRIGGER IF EXISTS {quote(trigger_name(table, statement))}{on}"
        for statement in _statements(vendor, refuse)
    ]
