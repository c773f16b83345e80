"""Deliveries sent outside the request that caused them."""

from __future__ import annotations

from django_tasks import task

from lisa.webhooks.actions import delivery_attempt
from lisa.webhooks.models import Delivery, DeliveryState


@task()
def deliver(*, delivery_id: int) -> None:
    """Send a delivery; after a failure, come back when the back-off says, if the worker can.

    Otherwise (the immediate backend of the demo and tests) `manage.py webhooks_due`, run
    each minute, sends what is due.
    """
    if delivery_attempt(delivery_id=delivery_id) is None:
        return
    if not deliver.get_backend().supports_defer:
        return
    delivery = Delivery.objects.get(pk=delivery_id)
    if delivery.state == DeliveryState.PENDING and delivery.next_attempt_at is not None:
        deliver.using(run_after=delivery.next_attempt_at).enqueue(delivery_id=delivery_id)
