"""The record is kept: refused in Python, and in the database whatever the client."""

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.db.models import Model, ProtectedError

from lisa.append_only import (
    AppendOnlyError,
    AppendOnlyQuerySet,
    UndeletableQuerySet,
    trigger_name,
)
from lisa.audit.actions import audit_log
from lisa.audit.models import AuditAction, AuditEvent
from lisa.reports.actions import report_create, report_transition
from lisa.reports.models import Category, Channel, Report, Reporter, Status, StatusChange
from lisa.testing.guards import guard_triggers, guards_lifted
from lisa.testing.personas import VAILLANCE

pytestmark = pytest.mark.django_db

APPEND_ONLY = [StatusChange, AuditEvent]  # never changed, never removed
UNDELETABLE = [Report, Reporter]  # corrected (status, contact details), never removed
GUARDED = APPEND_ONLY + UNDELETABLE
# A harmless new value for one column of each table.
CHANGE = {
    StatusChange: ("public_message", "rewritten"),
    AuditEvent: ("reason", "rewritten"),
    Report: ("address", "Rue corrigée 1"),
    Reporter: ("phone", "+32 2 000 00 00"),
}


@pytest.fixture
def record(bob, erin) -> Report:
    """A report with its reporter, two history rows and an audit event."""
    report = report_create(
        category=Category.objects.get(code="lighting-out"),
        lat=VAILLANCE[0],
        lon=VAILLANCE[1],
        description="Lampadaire éteint devant le 12.",
        channel=Channel.PHONE,
        reporter=erin,
    ).report
    report_transition(report=report, to_status=Status.ACKNOWLEDGED, by=bob)
    audit_log(
        user=bob,
        action=AuditAction.VIEW_PERSONAL_DATA,
        obj=report.reporters.get(),
        reason="call the resident back",
    )
    return report


def refused_by_the_database(write) -> None:
    # A savepoint, so that PostgreSQL's aborted statement leaves the test's transaction usable.
    with pytest.raises(IntegrityError, match="LISA keeps the record"), transaction.atomic():
        write()


def raw(sql: str, model: type[Model]) -> None:
    quote = connection.ops.quote_name
    column = quote(CHANGE[model][0])
    with connection.cursor() as cursor:
        cursor.execute(sql.format(table=quote(model._meta.db_table), column=column))


def name(model: type[Model]) -> str:
    return model.__name__


# --- Python: the models and their querysets refuse -------------------------------------


@pytest.mark.parametrize("model", APPEND_ONLY, ids=name)
def test_it_refuses_to_update_history_and_audit_rows_through_the_orm(record, model):
    field, value = CHANGE[model]
    row = model.objects.first()
    setattr(row, field, value)

    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        model.objects.filter(pk=row.pk).update(**{field: value})
    with pytest.raises(AppendOnlyError):
        model.objects.bulk_update([row], [field])


@pytest.mark.parametrize("model", GUARDED, ids=name)
def test_it_refuses_to_delete_a_row_of_the_record_through_the_orm(record, model):
    row = model.objects.first()

    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        model.objects.all().delete()
    assert model.objects.filter(pk=row.pk).exists()


def test_the_history_of_a_report_is_protected_through_its_related_managers(record):
    with pytest.raises(AppendOnlyError):
        record.history.update(public_message="rewritten")
    with pytest.raises(AppendOnlyError):
        record.history.all().delete()
    with pytest.raises(AppendOnlyError):
        record.reporters.all().delete()


def test_a_user_who_acted_on_the_record_cannot_be_deleted(record, bob):
    with pytest.raises(ProtectedError):
        bob.delete()

    assert StatusChange.objects.filter(by=bob).exists()
    assert AuditEvent.objects.get().user == bob


# --- The database: the same refusals from any client ------------------------------------


@pytest.mark.parametrize("model", APPEND_ONLY, ids=name)
def test_the_database_refuses_a_bulk_update_of_history_and_audit_rows(record, model):
    field, value = CHANGE[model]
    # The base manager is a plain one: only the database stands in the way.
    rows = model._base_manager.all()

    refused_by_the_database(lambda: rows.update(**{field: value}))
    refused_by_the_database(lambda: raw("UPDATE {table} SET {column} = 'rewritten'", model))
    assert not model.objects.filter(**{field: value}).exists()
    assert not model.objects.filter(**{field: "rewritten"}).exists()


@pytest.mark.parametrize("model", GUARDED, ids=name)
def test_the_database_refuses_a_bulk_delete_of_the_record(record, model):
    count = model.objects.count()

    # The DELETE the ORM sends, without the Python checks (PROTECT, the querysets) before it.
    refused_by_the_database(lambda: model._base_manager.all()._raw_delete(connection.alias))
    refused_by_the_database(lambda: raw("DELETE FROM {table}", model))
    assert model.objects.count() == count > 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
@pytest.mark.parametrize("model", GUARDED, ids=name)
def test_postgresql_refuses_to_truncate_the_record(record, model):
    # Check the deferred foreign keys now: PostgreSQL will not truncate with checks pending.
    raw("SET CONSTRAINTS ALL IMMEDIATE", model)
    refused_by_the_database(lambda: raw("TRUNCATE {table} CASCADE", model))
    assert model.objects.exists()


@pytest.mark.parametrize("model", UNDELETABLE, ids=name)
def test_reports_and_reporters_can_still_be_corrected(record, model):
    field, value = CHANGE[model]

    assert model._base_manager.update(**{field: value}) == model.objects.count()
    raw("UPDATE {table} SET {column} = 'corrected'", model)
    assert set(model.objects.values_list(field, flat=True)) == {"corrected"}


def test_every_guard_is_in_the_migrated_database():
    # SQLite drops a table's triggers when a migration rebuilds the table: this
    # catches a migration that forgot to install the guard again.
    # Every model whose manager refuses changes has its triggers, new tables included.
    statements = {
        model: ["UPDATE", "DELETE"]
        if issubclass(model.objects._queryset_class, AppendOnlyQuerySet)  # type: ignore[attr-defined]
        else ["DELETE"]
        for model in apps.get_models()
        if issubclass(model.objects._queryset_class, UndeletableQuerySet | AppendOnlyQuerySet)  # type: ignore[attr-defined]
    }
    assert set(APPEND_ONLY) | set(UNDELETABLE) <= set(statements)
    if connection.vendor == "postgresql":
        for refused in statements.values():
            refused.append("TRUNCATE")
    expected = {
        (trigger_name(model._meta.db_table, statement), model._meta.db_table)
        for model, refused in statements.items()
        for statement in refused
    }

    assert {(name, table) for name, table, _sql in guard_triggers(connection)} == expected


def test_the_test_harness_puts_back_the_guards_it_lifts_for_its_flush(record):
    before = guard_triggers(connection)

    with transaction.atomic(), guards_lifted(connection):
        assert guard_triggers(connection) == []
        StatusChange._base_manager.filter(report=record).update(public_message="test")

    assert guard_triggers(connection) == before
    refused_by_the_database(lambda: raw("DELETE FROM {table}", StatusChange))
