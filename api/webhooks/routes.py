"""A group's webhooks: subscribe, list, remove, read the delivery log, send a test, redeliver
a failed message and rotate the signing secret (webhooks:write)."""

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from api.deps import NudgesDep, ReadSessionDep, SessionDep, SettingsDep
from api.errors import NotFound, RateLimited, Unauthorized, problem_responses
from api.organisations.auth import MissingScope, WebhooksWriter
from api.webhooks import examples, service
from api.webhooks.schemas import (
    Deliveries,
    EndpointCreated,
    EndpointIn,
    EndpointOut,
    MessageOut,
    SecretRotated,
)
from api.webhooks.service import DuplicateWebhookUrl, NotRedeliverable
from api.webhooks.urls import InvalidWebhookUrl

router = APIRouter()

EndpointId = Annotated[str, Path(min_length=1, max_length=32)]
MessageId = Annotated[str, Path(min_length=1, max_length=40)]
_ORG_PROBLEMS = (Unauthorized, MissingScope, RateLimited)


@router.post(
    "/org/webhooks",
    status_code=status.HTTP_201_CREATED,
    summary="Subscribe a receiver to events (webhooks:write)",
    description="Deliveries are signed as Standard Webhooks (`webhook-id`, `webhook-timestamp`, "
    "`webhook-signature: v1,<base64 HMAC-SHA256>`) with the `secret` in this answer, shown "
    "once. Delivery is at least once: dedupe by `webhook-id`. The URL must be public https. "
    "A URL the group already subscribed is 409 `duplicate-webhook-url`, naming that endpoint; "
    "an eleventh endpoint is 409 too.",
    responses=problem_responses(*_ORG_PROBLEMS, DuplicateWebhookUrl, InvalidWebhookUrl),
    openapi_extra=examples.SUBSCRIBE,
)
def subscribe(
    body: EndpointIn,
    key: WebhooksWriter,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
) -> EndpointCreated:
    response.headers["Cache-Control"] = "no-store"  # the secret is in it
    created = service.subscribe(
        session,
        organisation_id=key.organisation_id,
        url=body.url,
        events=list(body.events),
        allow_loopback=settings.allow_loopback_webhooks,
    )
    response.headers["Location"] = f"/v1/org/webhooks/{created.id}"
    return created


@router.get(
    "/org/webhooks",
    summary="Your webhook endpoints (webhooks:write)",
    description="Oldest first: each endpoint's URL, events and creation time, and after a secret "
    "rotation `previous_secret_until` (until then the replaced secret signs too). Secrets are "
    "never shown here.",
    responses=problem_responses(*_ORG_PROBLEMS),
    openapi_extra=examples.LIST_ENDPOINTS,
)
def list_endpoints(key: WebhooksWriter, session: ReadSessionDep) -> list[EndpointOut]:
    return service.endpoints_of(session, organisation_id=key.organisation_id)


@router.delete(
    "/org/webhooks/{endpoint_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove a webhook endpoint (webhooks:write)",
    description="Its queued messages and delivery log go with it.",
    responses=problem_responses(*_ORG_PROBLEMS, NotFound),
    openapi_extra=examples.UNSUBSCRIBE,
)
def unsubscribe(endpoint_id: EndpointId, key: WebhooksWriter, session: SessionDep) -> None:
    service.unsubscribe(session, organisation_id=key.organisation_id, endpoint_id=endpoint_id)


@router.get(
    "/org/webhooks/{endpoint_id}/deliveries",
    summary="The delivery log of an endpoint (webhooks:write)",
    description="The newest messages first, each with its status (pending, delivered, dead) "
    'and every attempt: when, the receiver\'s HTTP status or "no answer", how long it took.',
    responses=problem_responses(*_ORG_PROBLEMS, NotFound),
    openapi_extra=examples.LIST_DELIVERIES,
)
def list_deliveries(
    endpoint_id: EndpointId,
    key: WebhooksWriter,
    session: ReadSessionDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> Deliveries:
    return service.deliveries(
        session, organisation_id=key.organisation_id, endpoint_id=endpoint_id, limit=limit
    )


@router.post(
    "/org/webhooks/{endpoint_id}/test",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Send a test event to an endpoint now (webhooks:write)",
    description="Queues a `webhook.test` event for this endpoint alone (whatever events it "
    'subscribed), with data `{"endpoint_id": …, "requested_at": …}`, and the deliverer sends '
    "it at once, signed, logged and retried like every event. The answer is the message as "
    "the delivery log shows it (`pending`, no attempts yet); read the log to see how the "
    "receiver answered. While a test is still pending, asking again sends that one now rather "
    "than queueing another.",
    responses=problem_responses(*_ORG_PROBLEMS, NotFound),
    openapi_extra=examples.SEND_TEST,
)
def send_test(
    endpoint_id: EndpointId, key: WebhooksWriter, session: SessionDep, nudges: NudgesDep
) -> MessageOut:
    return service.send_test(
        session, organisation_id=key.organisation_id, endpoint_id=endpoint_id, nudges=nudges
    )


@router.post(
    "/org/webhooks/{endpoint_id}/deliveries/{message_id}/redeliver",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Deliver a failed message again (webhooks:write)",
    description="A `dead` message (every attempt failed) goes back to `pending`, due now, with "
    "a fresh set of attempts; the deliverer sends it with the same `webhook-id`, so a receiver "
    "that got it after all dedupes it. Earlier attempts stay in the log, and the new ones count "
    "from 1. A message that is pending or delivered is 409 `not-redeliverable`.",
    responses=problem_responses(*_ORG_PROBLEMS, NotFound, NotRedeliverable),
    openapi_extra=examples.REDELIVER,
)
def redeliver(
    endpoint_id: EndpointId,
    message_id: MessageId,
    key: WebhooksWriter,
    session: SessionDep,
    nudges: NudgesDep,
) -> MessageOut:
    return service.redeliver(
        session,
        organisation_id=key.organisation_id,
        endpoint_id=endpoint_id,
        message_id=message_id,
        nudges=nudges,
    )


@router.post(
    "/org/webhooks/{endpoint_id}/secret",
    summary="Rotate an endpoint's signing secret (webhooks:write)",
    description="Issues a new `secret`, shown this once. Until `previous_secret_until` "
    "(`AI_OPTOUT_WEBHOOK_SECRET_OVERLAP_HOURS`, 24 h by default) every delivery carries two "
    "signatures in `webhook-signature`, one per secret, space-separated as Standard Webhooks "
    "allows, so the receiver accepts deliveries whichever secret it holds; afterwards only the "
    "new secret signs. Rotating again during an overlap ends the older secret's at once.",
    responses=problem_responses(*_ORG_PROBLEMS, NotFound),
    openapi_extra=examples.ROTATE_SECRET,
)
def rotate_secret(
    endpoint_id: EndpointId,
    key: WebhooksWriter,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
) -> SecretRotated:
    response.headers["Cache-Control"] = "no-store"  # the new secret is in it
    return service.rotate_secret(
        session,
        organisation_id=key.organisation_id,
        endpoint_id=endpoint_id,
        overlap=timedelta(hours=settings.webhook_secret_overlap_hours),
    )
