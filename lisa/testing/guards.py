"""Lift the record's database guards for the test harness's flush, and only for it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from lisa.append_only import TRIGGER_PREFIX


def guard_triggers(connection: Any) -> list[tuple[str, str, str]]:
    """Return (name, table, CREATE statement) of every guard trigger in the database."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, tbl_name, sql FROM sqlite_master "
                "WHERE type = 'trigger' AND substr(name, 1, %s) = %s ORDER BY name",
                [len(TRIGGER_PREFIX), TRIGGER_PREFIX],
            )
        else:
            cursor.execute(
                "SELECT tgname, tgrelid::regclass::text, pg_get_triggerdef(oid) FROM pg_trigger "
                "WHERE NOT tgisinternal AND starts_with(tgname, %s) ORDER BY tgname",
                [TRIGGER_PREFIX],
            )
        return list(cursor.fetchall())


@contextmanager
def guards_lifted(connection: Any) -> Iterator[None]:
    """Drop the guard triggers, then put back exactly those that were there.

    Run it inside a transaction: on both databases the DDL is transactional, so
    a failure leaves the guards in place.
    """
    triggers = guard_triggers(connection)
    with connection.cursor() as cursor:
        for name, table, _sql in triggers:
            on = f" ON {table}" if connection.vendor == "postgresql" else ""
            cursor.execute(f"DROP TRIGGER {connection.ops.quote_name(name)}{on}")
        yield
        for _name, _table, sql in triggers:
            cursor.execute(sql)
