"""The events a group can subscribe to, and what each one says (no more than the group may know).

`campaign.joined` names the person (by their pseudonymous member id) only if they authorised
the group; otherwise it says only that someone joined.
"""

from datetime import datetime
from typing import Any, Literal, get_args

EventType = Literal[
    "member.authorised",
    "member.revoked",
    "objection.state_changed",
    "campaign.joined",
    "policy.changed",  # a policy version took effect (api/webhooks/policy_changes.py)
]
EVENT_TYPES: tuple[str, ...] = get_args(EventType)
# Sent to one endpoint when its group asks for a test; never subscribed to.
TEST = "webhook.test"


def member_authorised(member_id: str, at: datetime) -> dict[str, Any]:
    return {"member_id": member_id, "authorised_at": at.isoformat()}


def member_revoked(member_id: str, at: datetime, *, reason: str) -> dict[str, Any]:
    return {"member_id": member_id, "revoked_at": at.isoformat(), "reason": reason}


def campaign_joined(campaign_id: str, at: datetime, member_id: str | None) -> dict[str, Any]:
    return {"campaign_id": campaign_id, "joined_at": at.isoformat(), "member_id": member_id}


def webhook_test(endpoint_id: str, at: datetime) -> dict[str, Any]:
    return {"endpoint_id": endpoint_id, "requested_at": at.isoformat()}


def objection_changes(
    before: dict[str, Any] | None, after: dict[str, Any], *, member_id: str, at: datetime
) -> list[dict[str, Any]]:
    """One event per linked account whose objection state differs between two preference
    snapshots (as logged); an added account starts from null, a removed one ends at null."""
    old, new = _states(before), _states(after)
    changes = []
    for platform, profile in sorted(old.keys() | new.keys(), key=lambda k: (k[0], k[1] or "")):
        was, now = old.get((platform, profile)), new.get((platform, profile))
        if was != now:
            changes.append(
                {
                    "member_id": member_id,
                    "platform": platform,
                    "profile": profile,
                    "from": was,
                    "to": now,
                    "changed_at": at.isoformat(),
                }
            )
    return changes


def _states(snapshot: dict[str, Any] | None) -> dict[tuple[str, str | None], str]:
    if not snapshot:
        return {}
    return {
        (account["platform"], account.get("profile")): account["objection"]["state"]
        for account in snapshot.get("accounts", [])
    }
