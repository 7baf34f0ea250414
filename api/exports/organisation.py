"""An organisation's own data, for download: its campaigns with counts, its authorised members
(also needs members:read), and its webhook deliveries. As JSON rows or CSV."""

import csv
import io
from typing import Literal

from sqlmodel import Session, col, select

from api.authorisations import service as authorisations
from api.campaigns import service as campaigns
from api.webhooks.models import WebhookAttempt, WebhookEndpoint, WebhookMessage

Dataset = Literal["campaigns", "members", "deliveries"]
Value = str | int | bool | None
Row = dict[str, Value]
DELIVERIES_LIMIT = 10_000
_PAGE = 500

COLUMNS: dict[Dataset, list[str]] = {
    "campaigns": ["campaign_id", "name", "join_code", "created_at", "closed_at", "members"],
    "members": [
        "member_id",
        "authorised_at",
        "platform",
        "profile",
        "objection_state",
        "submitted_on",
        "confirmed_on",
        "withdrawn_on",
    ],
    "deliveries": [
        "message_id",
        "endpoint_id",
        "url",
        "type",
        "message_status",
        "attempt",
        "at",
        "status_code",
        "error",
        "duration_ms",
    ],
}


def export(session: Session, *, organisation_id: str, dataset: Dataset) -> list[Row]:
    if dataset == "campaigns":
        return _campaigns(session, organisation_id)
    if dataset == "members":
        return _members(session, organisation_id)
    return _deliveries(session, organisation_id)


def to_csv(dataset: Dataset, rows: list[Row]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS[dataset], lineterminator="\n")
    writer.writeheader()
    writer.writerows({key: _cell(value) for key, value in row.items()} for row in rows)
    return out.getvalue()


def _cell(value: Value) -> Value:
    # A spreadsheet would run text starting like a formula: keep it text (OWASP's advice).
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + value
    return value


def _campaigns(session: Session, organisation_id: str) -> list[Row]:
    return [
        {
            "campaign_id": campaign.id,
            "name": campaign.name,
            "join_code": campaign.join_code,
            "created_at": campaign.created_at.isoformat(),
            "closed_at": campaign.closed_at.isoformat() if campaign.closed_at else None,
            "members": campaign.members,
        }
        for campaign in campaigns.campaigns_of(session, organisation_id=organisation_id)
    ]


def _members(session: Session, organisation_id: str) -> list[Row]:
    rows: list[Row] = []
    after: str | None = None
    while True:
        page = authorisations.members(
            session, organisation_id=organisation_id, limit=_PAGE, after=after
        )
        for member in page.members:
            base: Row = {
                "member_id": member.member_id,
                "authorised_at": member.authorised_at.isoformat(),
            }
            if not member.accounts:
                rows.append(base)
            for account in member.accounts:
                objection = account.objection
                rows.append(
                    {
                        **base,
                        "platform": account.platform,
                        "profile": account.profile,
                        "objection_state": objection.state,
                        "submitted_on": _day(objection.submitted_on),
                        "confirmed_on": _day(objection.confirmed_on),
                        "withdrawn_on": _day(objection.withdrawn_on),
                    }
                )
        if page.next_after is None:
            return rows
        after = page.next_after


def _deliveries(session: Session, organisation_id: str) -> list[Row]:
    found = session.exec(
        select(WebhookAttempt, WebhookMessage, WebhookEndpoint)
        .join(WebhookMessage, col(WebhookMessage.id) == col(WebhookAttempt.message_id))
        .join(WebhookEndpoint, col(WebhookEndpoint.id) == col(WebhookAttempt.endpoint_id))
        .where(col(WebhookEndpoint.organisation_id) == organisation_id)
        .order_by(col(WebhookAttempt.at).desc())
        .limit(DELIVERIES_LIMIT)
    )
    return [
        {
            "message_id": message.id,
            "endpoint_id": endpoint.id,
            "url": endpoint.url,
            "type": message.type,
            "message_status": message.status,
            "attempt": attempt.attempt,
            "at": attempt.at.isoformat(),
            "status_code": attempt.status_code,
            "error": attempt.error,
            "duration_ms": attempt.duration_ms,
        }
        for attempt, message, endpoint in found
    ]


def _day(value: object) -> str | None:
    return None if value is None else str(value)
