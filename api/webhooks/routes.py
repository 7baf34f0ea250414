"""A group's webhooks: subscribe, list, remove, and read the delivery log (webhooks:write)."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, status

from api.deps import ReadSessionDep, SessionDep, SettingsDep
from api.errors import Conflict, NotFound, RateLimited, Unauthorized, problem_responses
from api.organisations.auth import MissingScope, WebhooksWriter
from api.webhooks import service
from api.webhooks.schemas import Deliveries, EndpointCreated, EndpointIn, EndpointOut
from api.webhooks.urls import InvalidWebhookUrl

router = APIRouter()

EndpointId = Annotated[str, Path(min_length=1, max_length=32)]
_ORG_PROBLEMS = (Unauthorized, MissingScope, RateLimited)


@router.post(
    "/org/webhooks",
    status_code=status.HTTP_201_CREATED,
    summary="Subscribe a receiver to events (webhooks:write)",
    description="Deliveries are signed as Standard Webhooks (`webhook-id`, `webhook-timestamp`, "
    "`webhook-signature: v1,<base64 HMAC-SHA256>`) with the `secret` in this answer, shown "
    "once. Delivery is at least once: dedupe by `webhook-id`. The URL must be public https.",
    responses=problem_responses(*_ORG_PROBLEMS, Conflict, InvalidWebhookUrl),
)
def subscribe(
    body: EndpointIn, key: WebhooksWriter, session: SessionDep, settings: SettingsDep
) -> EndpointCreated:
    return service.subscribe(
        session,
        organisation_id=key.organisation_id,
        url=body.url,
        events=list(body.events),
        allow_loopback=settings.allow_loopback_webhooks,
    )


@router.get(
    "/org/webhooks",
    summary="Your webhook endpoints (webhooks:write)",
    responses=problem_responses(*_ORG_PROBLEMS),
)
def list_endpoints(key: WebhooksWriter, session: ReadSessionDep) -> list[EndpointOut]:
    return service.endpoints_of(session, organisation_id=key.organisation_id)


@router.delete(
    "/org/webhooks/{endpoint_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove a webhook endpoint (webhooks:write)",
    description="Its queued messages and delivery log go with it.",
    responses=problem_responses(*_ORG_PROBLEMS, NotFound),
)
def unsubscribe(endpoint_id: EndpointId, key: WebhooksWriter, session: SessionDep) -> None:
    service.unsubscribe(session, organisation_id=key.organisation_id, endpoint_id=endpoint_id)


@router.get(
    "/org/webhooks/{endpoint_id}/deliveries",
    summary="The delivery log of an endpoint (webhooks:write)",
    description="The newest messages first, each with its status (pending, delivered, dead) "
    'and every attempt: when, the receiver\'s HTTP status or "no answer", how long it took.',
    responses=problem_responses(*_ORG_PROBLEMS, NotFound),
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
