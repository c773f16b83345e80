"""A receiver accepts a delivery signed with its secret, recently, and nothing else."""

from lisa.webhooks.signing import TOLERANCE_SECONDS, sign, verify

BODY = b'{"event": "report.created"}'
SECRET = "whsec_test"
NOW = 1_800_000_000


def test_it_accepts_the_signature_of_the_secret_over_timestamp_and_body():
    signature = sign(secret=SECRET, timestamp=NOW, body=BODY)

    assert signature.startswith("sha256=")
    assert verify(secret=SECRET, timestamp=str(NOW), signature=signature, body=BODY, now=NOW)


def test_it_refuses_another_secret_a_changed_body_or_a_changed_timestamp():
    signature = sign(secret=SECRET, timestamp=NOW, body=BODY)

    assert not verify(secret="other", timestamp=str(NOW), signature=signature, body=BODY, now=NOW)
    assert not verify(
        secret=SECRET, timestamp=str(NOW), signature=signature, body=BODY + b" ", now=NOW
    )
    assert not verify(
        secret=SECRET, timestamp=str(NOW + 1), signature=signature, body=BODY, now=NOW
    )


def test_it_refuses_a_delivery_signed_more_than_five_minutes_ago():
    old = NOW - TOLERANCE_SECONDS - 1
    signature = sign(secret=SECRET, timestamp=old, body=BODY)

    assert TOLERANCE_SECONDS == 300
    assert not verify(secret=SECRET, timestamp=str(old), signature=signature, body=BODY, now=NOW)
    assert verify(secret=SECRET, timestamp=str(old), signature=signature, body=BODY, now=old + 60)


def test_it_refuses_a_timestamp_that_is_not_a_number():
    signature = sign(secret=SECRET, timestamp=NOW, body=BODY)

    assert not verify(secret=SECRET, timestamp="soon", signature=signature, body=BODY, now=NOW)
