"""Campaigns: the group's (`/v1/org/campaigns`) and a person's (`/v1/me/campaigns`)."""

from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from api.accounts.deps import CurrentCaller
from api.campaigns import examples, service
from api.campaigns.schemas import CampaignIn, CampaignOut, JoinIn, MembershipOut
from api.deps import NudgesDep, ReadSessionDep, SessionDep
from api.errors import NotFound, RateLimited, Unauthorized, problem_responses
from api.organisations.auth import CampaignsReader, CampaignsWriter, MissingScope
from api.ratelimits.deps import JoinLimit

router = APIRouter()
org_router = APIRouter()

CampaignId = Annotated[str, Path(min_length=1, max_length=32)]
_ORG_PROBLEMS = (Unauthorized, MissingScope, RateLimited)


@org_router.post(
    "/org/campaigns",
    status_code=status.HTTP_201_CREATED,
    summary="Start a campaign (campaigns:write)",
    description="The answer holds the campaign's join code: hand it to the people you want "
    "to reach. You will see how many joined, never who.",
    responses=problem_responses(*_ORG_PROBLEMS),
    openapi_extra=examples.CREATE_CAMPAIGN,
)
def create_campaign(
    body: CampaignIn, key: CampaignsWriter, session: SessionDep, response: Response
) -> CampaignOut:
    created = service.create_campaign(session, organisation_id=key.organisation_id, name=body.name)
    response.headers["Location"] = f"/v1/org/campaigns/{created.id}"
    return created


@org_router.get(
    "/org/campaigns",
    summary="Your campaigns with how many joined (campaigns:read)",
    responses=problem_responses(*_ORG_PROBLEMS),
    openapi_extra=examples.LIST_CAMPAIGNS,
    description="Your organisation's campaigns, with their join codes and member counts.",
)
def list_campaigns(key: CampaignsReader, session: ReadSessionDep) -> list[CampaignOut]:
    return service.campaigns_of(session, organisation_id=key.organisation_id)


@org_router.get(
    "/org/campaigns/{campaign_id}",
    summary="One of your campaigns (campaigns:read)",
    responses=problem_responses(*_ORG_PROBLEMS, NotFound),
    openapi_extra=examples.READ_CAMPAIGN,
    description="One of your organisation's campaigns.",
)
def read_campaign(
    campaign_id: CampaignId, key: CampaignsReader, session: ReadSessionDep
) -> CampaignOut:
    return service.get_campaign(
        session, organisation_id=key.organisation_id, campaign_id=campaign_id
    )


@org_router.delete(
    "/org/campaigns/{campaign_id}",
    summary="Close a campaign (campaigns:write)",
    description="Its join code stops working; its members and count stay.",
    responses=problem_responses(*_ORG_PROBLEMS, NotFound),
    openapi_extra=examples.CLOSE_CAMPAIGN,
)
def close_campaign(
    campaign_id: CampaignId, key: CampaignsWriter, session: SessionDep
) -> CampaignOut:
    return service.close_campaign(
        session, organisation_id=key.organisation_id, campaign_id=campaign_id
    )


@router.post(
    "/me/campaigns",
    status_code=status.HTTP_201_CREATED,
    summary="Join a campaign with its code",
    description="The group sees that someone joined, not who, unless you also authorised it. "
    "201 when you join, 200 if you were already in. Recorded in your history. Attempts are "
    "limited per client address and per account, right or wrong (429 with `Retry-After`).",
    responses={
        200: {"model": MembershipOut},
        **problem_responses(Unauthorized, NotFound, RateLimited),
    },
    openapi_extra=examples.JOIN_CAMPAIGN,
)
def join_campaign(
    body: JoinIn,
    caller: CurrentCaller,
    _limit: JoinLimit,
    session: SessionDep,
    nudges: NudgesDep,
    response: Response,
) -> MembershipOut:
    membership, created = service.join(
        session, account_id=caller.account_id, code=body.code, nudges=nudges
    )
    if not created:
        response.status_code = status.HTTP_200_OK
    response.headers["Location"] = f"/v1/me/campaigns/{membership.campaign_id}"
    return membership


@router.get(
    "/me/campaigns",
    summary="The campaigns you joined",
    responses=problem_responses(Unauthorized),
    openapi_extra=examples.LIST_MEMBERSHIPS,
    description="The campaigns you joined, with the group that runs each.",
)
def list_memberships(caller: CurrentCaller, session: ReadSessionDep) -> list[MembershipOut]:
    return service.memberships_of(session, account_id=caller.account_id)


@router.delete(
    "/me/campaigns/{campaign_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Leave a campaign",
    description="Recorded in your history; the campaign's count drops by one.",
    responses=problem_responses(Unauthorized, NotFound),
    openapi_extra=examples.LEAVE_CAMPAIGN,
)
def leave_campaign(campaign_id: CampaignId, caller: CurrentCaller, session: SessionDep) -> None:
    service.leave(session, account_id=caller.account_id, campaign_id=campaign_id)
