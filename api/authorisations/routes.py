"""A person's grants (`/v1/me/authorisations`) and the group's view of its members."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from api.accounts.deps import CurrentCaller
from api.authorisations import examples, service
from api.authorisations.schemas import AuthorisationIn, AuthorisationOut, Members
from api.deps import NudgesDep, ReadSessionDep, SessionDep
from api.errors import NotFound, RateLimited, Unauthorized, problem_responses
from api.organisations.auth import MembersReader, MissingScope

router = APIRouter()
org_router = APIRouter()

OrganisationId = Annotated[str, Path(min_length=1, max_length=32)]


@router.post(
    "/me/authorisations",
    status_code=status.HTTP_201_CREATED,
    summary="Authorise a group to see your opt-out status",
    description="While the grant is live the group sees your linked accounts and where each "
    "objection stands, under a member id that means nothing outside that group. 201 for a new "
    "grant, 200 if it was already live. Recorded in your history.",
    responses={200: {"model": AuthorisationOut}, **problem_responses(Unauthorized, NotFound)},
    openapi_extra=examples.AUTHORISE,
)
def authorise(
    body: AuthorisationIn,
    caller: CurrentCaller,
    session: SessionDep,
    nudges: NudgesDep,
    response: Response,
) -> AuthorisationOut:
    grant, created = service.grant(
        session, account_id=caller.account_id, organisation_id=body.organisation_id, nudges=nudges
    )
    if not created:
        response.status_code = status.HTTP_200_OK
    response.headers["Location"] = f"/v1/me/authorisations/{grant.organisation.id}"
    return grant


@router.get(
    "/me/authorisations",
    summary="The groups you authorised",
    responses=problem_responses(Unauthorized),
    openapi_extra=examples.LIST_AUTHORISATIONS,
    description="The groups you authorised to see your opt-out record, and since when.",
)
def list_authorisations(caller: CurrentCaller, session: ReadSessionDep) -> list[AuthorisationOut]:
    return service.grants_of(session, account_id=caller.account_id)


@router.delete(
    "/me/authorisations/{organisation_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Revoke a group's access",
    description="From now on the group no longer sees you. Recorded in your history.",
    responses=problem_responses(Unauthorized, NotFound),
    openapi_extra=examples.REVOKE,
)
def revoke(
    organisation_id: OrganisationId, caller: CurrentCaller, session: SessionDep, nudges: NudgesDep
) -> None:
    service.revoke(
        session, account_id=caller.account_id, organisation_id=organisation_id, nudges=nudges
    )


@org_router.get(
    "/org/members",
    summary="Members who authorised your organisation (members:read)",
    description="Only people with a live authorisation, each with their linked accounts and "
    "objection states. Nothing else about them is shared.",
    responses=problem_responses(Unauthorized, MissingScope, RateLimited),
    openapi_extra=examples.LIST_MEMBERS,
)
def list_members(
    key: MembersReader,
    session: ReadSessionDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    after: Annotated[str | None, Query(max_length=32)] = None,
) -> Members:
    return service.members(session, organisation_id=key.organisation_id, limit=limit, after=after)
