"""Campaigns: a group creates one with an unguessable join code; people join and leave.

The group learns how many joined, never who (a `campaign.joined` webhook names the member only
if they authorised the group). Joining and leaving are in the person's history.
"""

import base64
import secrets

from sqlalchemy import func
from sqlmodel import Session, col, select

from api.authorisations.models import Authorisation
from api.authorisations.schemas import OrganisationRef
from api.campaigns.models import Campaign, CampaignMember
from api.campaigns.schemas import CampaignOut, MembershipOut
from api.db import after_commit
from api.errors import NotFound
from api.ledger import service as ledger
from api.nudges import Nudges
from api.organisations.models import Organisation
from api.sqltypes import utcnow
from api.webhooks import events
from api.webhooks.outbox import enqueue

JOINED = "campaign.joined"
LEFT = "campaign.left"


class UnknownJoinCode(NotFound):
    code = "unknown-join-code"
    title = "No open campaign has this code"


def new_join_code() -> str:
    """130 random bits in lower-case base32: easy to read out, impossible to guess."""
    return base64.b32encode(secrets.token_bytes(16)).decode().rstrip("=").lower()


def normalise_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def create_campaign(session: Session, *, organisation_id: str, name: str) -> CampaignOut:
    row = Campaign(organisation_id=organisation_id, name=name, join_code=new_join_code())
    session.add(row)
    session.flush()
    return _view(row, 0)


def campaigns_of(session: Session, *, organisation_id: str) -> list[CampaignOut]:
    rows = session.exec(
        select(Campaign)
        .where(col(Campaign.organisation_id) == organisation_id)
        .order_by(col(Campaign.created_at))
    ).all()
    counts = _member_counts(session, [row.id for row in rows])
    return [_view(row, counts.get(row.id, 0)) for row in rows]


def get_campaign(session: Session, *, organisation_id: str, campaign_id: str) -> CampaignOut:
    row = _own_campaign(session, organisation_id, campaign_id)
    return _view(row, _member_counts(session, [row.id]).get(row.id, 0))


def close_campaign(session: Session, *, organisation_id: str, campaign_id: str) -> CampaignOut:
    """Stop new joins (the code stops working); members and counts stay."""
    row = _own_campaign(session, organisation_id, campaign_id)
    if row.closed_at is None:
        row.closed_at = utcnow()
        session.add(row)
    return _view(row, _member_counts(session, [row.id]).get(row.id, 0))


def join(
    session: Session, *, account_id: str, code: str, nudges: Nudges
) -> tuple[MembershipOut, bool]:
    """Join the open campaign with this code; (the membership, whether it is new)."""
    found = session.exec(
        select(Campaign, Organisation)
        .join(Organisation, col(Organisation.id) == col(Campaign.organisation_id))
        .where(col(Campaign.join_code) == normalise_code(code))
        .where(col(Campaign.closed_at).is_(None))
    ).first()
    if found is None:
        raise UnknownJoinCode()
    campaign, organisation = found
    member = session.get(CampaignMember, (campaign.id, account_id))
    if member is not None:
        return _membership(campaign, organisation, member), False
    member = CampaignMember(campaign_id=campaign.id, account_id=account_id, joined_at=utcnow())
    session.add(member)
    session.flush()
    ledger.append(
        session,
        type=JOINED,
        account_id=account_id,
        payload={
            "campaign_id": campaign.id,
            "campaign": campaign.name,
            "organisation": organisation.name,
        },
    )
    member_id = _live_member_id(session, account_id, organisation.id)
    data = events.campaign_joined(campaign.id, member.joined_at, member_id)
    if enqueue(
        session.connection(),
        organisation_id=organisation.id,
        type="campaign.joined",
        data=data,
        at=member.joined_at,
    ):
        after_commit(session, nudges.deliverer)
    return _membership(campaign, organisation, member), True


def leave(session: Session, *, account_id: str, campaign_id: str) -> None:
    member = session.get(CampaignMember, (campaign_id, account_id))
    if member is None:
        raise NotFound("You are not in this campaign.")
    campaign = session.get(Campaign, campaign_id)
    session.delete(member)
    session.flush()
    ledger.append(
        session,
        type=LEFT,
        account_id=account_id,
        payload={"campaign_id": campaign_id, "campaign": campaign.name if campaign else None},
    )


def memberships_of(session: Session, *, account_id: str) -> list[MembershipOut]:
    rows = session.exec(
        select(CampaignMember, Campaign, Organisation)
        .join(Campaign, col(Campaign.id) == col(CampaignMember.campaign_id))
        .join(Organisation, col(Organisation.id) == col(Campaign.organisation_id))
        .where(col(CampaignMember.account_id) == account_id)
        .order_by(col(CampaignMember.joined_at))
    )
    return [_membership(campaign, organisation, member) for member, campaign, organisation in rows]


def _own_campaign(session: Session, organisation_id: str, campaign_id: str) -> Campaign:
    row = session.get(Campaign, campaign_id)
    if row is None or row.organisation_id != organisation_id:
        raise NotFound("Your organisation has no such campaign.")
    return row


def _member_counts(session: Session, campaign_ids: list[str]) -> dict[str, int]:
    if not campaign_ids:
        return {}
    rows = session.exec(
        select(CampaignMember.campaign_id, func.count())
        .where(col(CampaignMember.campaign_id).in_(campaign_ids))
        .group_by(col(CampaignMember.campaign_id))
    )
    return {campaign_id: int(count) for campaign_id, count in rows}


def _live_member_id(session: Session, account_id: str, organisation_id: str) -> str | None:
    return session.exec(
        select(Authorisation.id)
        .where(col(Authorisation.account_id) == account_id)
        .where(col(Authorisation.organisation_id) == organisation_id)
        .where(col(Authorisation.revoked_at).is_(None))
    ).first()


def _view(row: Campaign, members: int) -> CampaignOut:
    return CampaignOut(
        id=row.id,
        name=row.name,
        join_code=row.join_code,
        created_at=row.created_at,
        closed_at=row.closed_at,
        members=members,
    )


def _membership(
    campaign: Campaign, organisation: Organisation, member: CampaignMember
) -> MembershipOut:
    return MembershipOut(
        campaign_id=campaign.id,
        name=campaign.name,
        organisation=OrganisationRef(id=organisation.id, name=organisation.name),
        joined_at=member.joined_at,
    )
