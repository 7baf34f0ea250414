"""Standard Webhooks signatures, checked against the specification's own example."""

import time

import pytest

from api.webhooks.signing import InvalidSignature, headers, new_endpoint_secret, sign, verify

# The example in the Standard Webhooks specification.
SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY = (
    "msg_p5jXN8AQM9LWM0D4loKWxJek",
    1614265330,
    b'{"test": 2432232314}',
)


def test_signatures_match_the_specifications_example() -> None:
    assert sign(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY) == (
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    )


def test_a_receiver_verifies_a_fresh_delivery() -> None:
    secret = new_endpoint_secret()
    sent = headers(secret, "msg_1", b"{}")

    assert verify(secret, sent, b"{}") == "msg_1"
    assert secret.startswith("whsec_")


@pytest.mark.parametrize(
    "tamper",
    ["body", "id", "secret", "old", "missing"],
)
def test_tampered_stale_or_unsigned_deliveries_are_refused(tamper: str) -> None:
    secret = new_endpoint_secret()
    body = b'{"type":"member.authorised"}'
    sent = headers(
        secret, "msg_1", body, timestamp=int(time.time()) - (600 if tamper == "old" else 0)
    )
    if tamper == "body":
        body = body.replace(b"authorised", b"revoked")
    elif tamper == "id":
        sent["webhook-id"] = "msg_2"
    elif tamper == "secret":
        secret = new_endpoint_secret()
    elif tamper == "missing":
        del sent["webhook-signature"]

    with pytest.raises(InvalidSignature):
        verify(secret, sent, body)


def test_during_a_rotation_each_secret_adds_its_signature_space_separated() -> None:
    new = new_endpoint_secret()
    sent = headers(new, SPEC_ID, SPEC_BODY, timestamp=SPEC_TIMESTAMP, previous=SPEC_SECRET)

    current, replaced = sent["webhook-signature"].split(" ")
    assert current == sign(new, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY)
    assert replaced == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="  # the spec's
    now = SPEC_TIMESTAMP + 1
    assert verify(new, sent, SPEC_BODY, now=now) == verify(SPEC_SECRET, sent, SPEC_BODY, now=now)
    with pytest.raises(InvalidSignature):
        verify(new_endpoint_secret(), sent, SPEC_BODY, now=now)
