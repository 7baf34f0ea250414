"""The organisation's own view (`/v1/org`) and the operator's admin API (`/v1/admin`)."""

from fastapi import APIRouter, Response, status

from api.deps import ReadSessionDep, SessionDep
from api.errors import NotFound, RateLimited, Unauthorized, problem_responses
from api.organisations import examples, service
from api.organisations.auth import MissingScope, Operator, OrgKey
from api.organisations.schemas import (
    IssuedKey,
    KeyIn,
    KeyOut,
    OrganisationIn,
    OrganisationOut,
    WhoAmI,
)

router = APIRouter()
admin_router = APIRouter()


@router.get(
    "/org",
    summary="The organisation and key making this request",
    description="Any live key may call this: it shows the key's scopes and when it was last used.",
    responses=problem_responses(Unauthorized, MissingScope, RateLimited),
    openapi_extra=examples.WHO_AM_I,
)
def who_am_i(key: OrgKey, session: ReadSessionDep) -> WhoAmI:
    return WhoAmI(
        organisation=service.get_organisation(session, organisation_id=key.organisation_id),
        key=service.get_key(session, key_id=key.key_id),
    )


@admin_router.post(
    "/admin/organisations",
    status_code=status.HTTP_201_CREATED,
    summary="Admit an organisation (operator only)",
    responses=problem_responses(Unauthorized),
    openapi_extra=examples.CREATE_ORGANISATION,
    description=(
        "Creates an organisation; then issue it an API key with `POST "
        "/v1/admin/organisations/{organisation_id}/keys`."
    ),
)
def create_organisation(
    body: OrganisationIn, _operator: Operator, session: SessionDep, response: Response
) -> OrganisationOut:
    created = service.create_organisation(session, name=body.name)
    response.headers["Location"] = f"/v1/admin/organisations/{created.id}"
    return created


@admin_router.post(
    "/admin/organisations/{organisation_id}/keys",
    status_code=status.HTTP_201_CREATED,
    summary="Issue an API key to an organisation (operator only)",
    description="The answer holds the whole key this once; the service keeps only its hash.",
    responses=problem_responses(Unauthorized, NotFound),
    openapi_extra=examples.ISSUE_KEY,
)
def issue_key(
    organisation_id: str, body: KeyIn, _operator: Operator, session: SessionDep, response: Response
) -> IssuedKey:
    issued = service.issue_key(
        session, organisation_id=organisation_id, scopes=list(body.scopes), name=body.name
    )
    response.headers["Location"] = f"/v1/admin/keys/{issued.id}"
    return issued


@admin_router.delete(
    "/admin/keys/{key_id}",
    summary="Revoke an API key (operator only)",
    description="Requests with the key get 401 from now on.",
    responses=problem_responses(Unauthorized, NotFound),
    openapi_extra=examples.REVOKE_KEY,
)
def revoke_key(key_id: str, _operator: Operator, session: SessionDep) -> KeyOut:
    return service.revoke_key(session, key_id=key_id)
