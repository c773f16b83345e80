import pytest
from django.db.models import ProtectedError

from lisa.audit.actions import audit_log
from lisa.audit.models import AuditAction, AuditEvent
from lisa.errors import LisaError
from lisa.offices.models import Office

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "action", [AuditAction.VIEW_PERSONAL_DATA, AuditAction.CHANGE_PERSONAL_DATA]
)
def test_it_refuses_to_log_access_to_personal_data_without_a_reason(
    alice, anderlecht_office, action
):
    with pytest.raises(LisaError) as caught:
        audit_log(user=alice, action=action, obj=anderlecht_office, reason="  ")

    assert caught.value.code == "reason_required"
    assert not AuditEvent.objects.exists()


def test_it_keeps_who_acted_when_their_account_is_deleted(alice, anderlecht_office: Office):
    audit_log(
        user=alice,
        action=AuditAction.EXPORT,
        obj=anderlecht_office,
        reason="monthly figures",
    )

    with pytest.raises(ProtectedError):
        alice.delete()

    event = AuditEvent.objects.get()
    assert (event.user, event.object_type, event.reason) == (
        alice,
        "offices.office",
        "monthly figures",
    )


def test_a_user_who_never_acted_can_still_be_deleted(alice):
    alice.delete()
