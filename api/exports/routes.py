"""Downloads: everything the service holds about a person, and an organisation's own data."""

from typing import Any, Literal

from fastapi import APIRouter, Response

from api.accounts.deps import CurrentCaller
from api.deps import ReadSessionDep
from api.errors import RateLimited, Unauthorized, problem_responses
from api.exports import examples, organisation
from api.exports.account import export_account
from api.exports.schemas import AccountExport, ExportOut
from api.organisations.auth import ExportsReader, MissingScope

router = APIRouter()  # the person's
org_router = APIRouter()  # the organisation's


@router.get(
    "/me/export",
    summary="Everything the service holds about you",
    responses=problem_responses(Unauthorized),
    openapi_extra=examples.EXPORT,
    description=(
        "Everything the service holds about your account, as JSON: preferences, history, "
        "receipts, sign-ins, passkeys, linked identities, memberships and authorisations."
    ),
)
def export(caller: CurrentCaller, session: ReadSessionDep, response: Response) -> AccountExport:
    response.headers["Cache-Control"] = "private, no-store"  # its history holds the salts
    return export_account(session, account_id=caller.account_id)


@org_router.get(
    "/org/exports/{dataset}",
    summary="Download your organisation's data (exports:read)",
    description="`campaigns` (with how many joined), `members` (your authorised members; needs "
    "members:read too) or `deliveries` (the newest 10,000 webhook attempts), as JSON or CSV.",
    response_model=ExportOut,
    responses={
        200: {"content": {"text/csv": {"schema": {"type": "string"}}}},
        **problem_responses(Unauthorized, MissingScope, RateLimited),
    },
    openapi_extra=examples.EXPORT_DATASET,
)
def export_dataset(
    dataset: organisation.Dataset,
    key: ExportsReader,
    session: ReadSessionDep,
    format: Literal["json", "csv"] = "json",
) -> Any:
    if dataset == "members" and "members:read" not in key.scopes:
        raise MissingScope("Exporting members needs the scope members:read too.")
    rows = organisation.export(session, organisation_id=key.organisation_id, dataset=dataset)
    if format == "csv":
        return Response(
            organisation.to_csv(dataset, rows),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{dataset}.csv"'},
        )
    return ExportOut(dataset=dataset, columns=organisation.COLUMNS[dataset], rows=rows)
