"""What others hear of a person's change, written in the change's own transaction.

- the checks feed: a row per profile whose listing changed, which every replica's bulk-check
  index reads (this process's index is nudged after the commit);
- the webhook outbox: a message per event for each group the person authorised (this
  process's deliverer is woken after the commit).

Feed rows are written after the change's ledger event, whose append holds the ledger's head
lock: feed rows then become visible in `seq` order (see api/checks/feed.py).
"""

from datetime import datetime
from typing import Any

from sqlmodel import Session

from api.authorisations.service import live_grants
from api.checks import feed
from api.db import after_commit
from api.nudges import Nudges
from api.preferences.schemas import PreferencesOut
from api.profiles import service as profiles
from api.webhooks import events
from api.webhooks.outbox import enqueue

Profile = tuple[str, str]


def preferences_changed(
    session: Session,
    *,
    account_id: str,
    before: PreferencesOut,
    after: PreferencesOut,
    at: datetime,
    nudges: Nudges,
) -> None:
    changed = listed_profiles(before) ^ listed_profiles(after)
    if changed:
        feed.record(session.connection(), sorted(changed), at=at)
        after_commit(session, nudges.check_index)
    if named_profiles(before) - named_profiles(after):  # a profile left: its proof goes
        profiles.forget_unlinked(
            session,
            account_id=account_id,
            linked=named_profiles(after),
            feed=feed.record,
            nudges=nudges,
        )
    grants = live_grants(session, account_id=account_id)
    if not grants:
        return
    # Groups hear of proved profiles only: an unproved one is named to nobody but its claimant.
    proved = {(p, k) for _, p, k in profiles.verified_keys(session, account_ids=[account_id])}
    old, new = _proved_only(before, proved), _proved_only(after, proved)
    queued = 0
    for member_id, organisation_id in grants:
        for data in events.objection_changes(old, new, member_id=member_id, at=at):
            queued += enqueue(
                session.connection(),
                organisation_id=organisation_id,
                type="objection.state_changed",
                data=data,
                at=at,
            )
    if queued:
        after_commit(session, nudges.deliverer)


def account_deleted(
    session: Session, *, account_id: str, last: PreferencesOut, at: datetime, nudges: Nudges
) -> None:
    """Before the account's rows go: its listed profiles leave the index, its groups hear."""
    listed = listed_profiles(last)
    if listed:
        feed.record(session.connection(), sorted(listed), at=at)
        after_commit(session, nudges.check_index)
    for member_id, organisation_id in live_grants(session, account_id=account_id):
        data = events.member_revoked(member_id, at, reason="account_deleted")
        if enqueue(
            session.connection(),
            organisation_id=organisation_id,
            type="member.revoked",
            data=data,
            at=at,
        ):
            after_commit(session, nudges.deliverer)


def named_profiles(preferences: PreferencesOut) -> set[Profile]:
    return {(a.platform, a.profile) for a in preferences.accounts if a.profile}


def _proved_only(preferences: PreferencesOut, proved: set[Profile]) -> dict[str, Any]:
    snapshot = preferences.model_dump(mode="json")
    for account in snapshot["accounts"]:
        if (account["platform"], account["profile"]) not in proved:
            account["profile"] = None
    return snapshot


def listed_profiles(preferences: PreferencesOut) -> set[Profile]:
    """The profiles dataset builders may see as opted out: linked, named and listed."""
    if not preferences.listed:
        return set()
    return {(a.platform, a.profile) for a in preferences.accounts if a.profile}
