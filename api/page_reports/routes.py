"""`POST /v1/page-reports` (anyone, rate-limited) and the operator's grouped list."""

from typing import Annotated

from fastapi import APIRouter, Query, status

from api.deps import ReadSessionDep, SessionDep
from api.errors import PayloadTooLarge, RateLimited, Unauthorized, problem_responses
from api.organisations.auth import Operator
from api.page_reports import examples, service
from api.page_reports.schemas import (
    MAX_GROUPS,
    PageReportGroups,
    PageReportIn,
    PageReportReceived,
)
from api.platforms import Platform
from api.ratelimits.deps import PageReportLimit

router = APIRouter()
admin_router = APIRouter()


@router.post(
    "/page-reports",
    # Accepted, not created: the sender gets nothing to read back (only the operator lists
    # reports), so there is no address to give in a `Location`.
    status_code=status.HTTP_202_ACCEPTED,
    summary='Report a page the extension reads wrong ("this page looks wrong")',
    description=(
        "The page's structure as shapes only: tag names, ARIA roles, attribute NAMES, the "
        "kind of each link (post, profile, comment…), counts of text nodes; never text, "
        "attribute values, URLs, names or ids. With it, what the reader found (counts of kinds "
        "and audiences) and the page-rules version it read with. No sign-in is needed and none "
        "is recorded; reports are limited per address and in size."
    ),
    responses=problem_responses(RateLimited, PayloadTooLarge),
    openapi_extra=examples.SEND_REPORT,
)
def send_report(
    body: PageReportIn, _limit: PageReportLimit, session: SessionDep
) -> PageReportReceived:
    row = service.record(session, report=body)
    return PageReportReceived(id=row.id, received_at=row.received_at, shape_hash=row.shape_hash)


@admin_router.get(
    "/admin/page-reports",
    summary="Page reports grouped by rules version and page shape (operator only)",
    description=(
        "The most reported shapes first, each with its count, first and last report, and what "
        "the reader found summed over the group, a page of `limit` groups at a time: pass "
        "`next_offset` as `offset` for the next (null on the last page). Every report in full, "
        "shapes included: `ai-optout page-reports export`."
    ),
    responses=problem_responses(Unauthorized),
    openapi_extra=examples.LIST_REPORTS,
)
def list_reports(
    _operator: Operator,
    session: ReadSessionDep,
    rules_version: Annotated[
        int | None, Query(ge=0, le=2**31 - 1, description="Only this version")
    ] = None,
    platform: Annotated[Platform | None, Query(description="Only this platform")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_GROUPS, description="Groups per page")] = 100,
    offset: Annotated[
        int, Query(ge=0, le=2**31 - 1, description="Groups to skip: the last page's next_offset")
    ] = 0,
) -> PageReportGroups:
    return service.groups(
        session, rules_version=rules_version, platform=platform, limit=limit, offset=offset
    )
