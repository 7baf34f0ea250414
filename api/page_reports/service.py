"""Storing reports and grouping them by rules version and page shape."""

import hashlib
import json
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, tuple_
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from api.errors import PayloadTooLarge
from api.ledger.chain import canonical_json
from api.page_reports.models import PageReport
from api.page_reports.schemas import (
    MAX_GROUPS,
    Found,
    FoundTotals,
    PageReportGroup,
    PageReportGroups,
    PageReportIn,
)

# What one report may take in storage (its shape and findings as canonical JSON).
MAX_REPORT_BYTES = 256 * 1024


def _shape(report: PageReportIn) -> dict[str, Any]:
    # Defaults left out: the stored tree is as compact as sent, and equal trees hash alike.
    return report.shape.model_dump(mode="json", exclude_defaults=True)


def shape_hash(path_shape: str, shape: str) -> str:
    """The hash of `{"path", "shape"}` as canonical JSON, composed from the shape already in
    canonical JSON (its keys sorted, "path" before "shape") rather than canonicalised again."""
    path = json.dumps(path_shape, ensure_ascii=False)
    return hashlib.sha256(f'{{"path":{path},"shape":{shape}}}'.encode()).hexdigest()


def record(session: Session, *, report: PageReportIn) -> PageReport:
    shape = canonical_json(_shape(report))
    found = canonical_json(report.found.model_dump(mode="json"))
    if len(shape) + len(found) > MAX_REPORT_BYTES:
        raise PayloadTooLarge(f"A report's shape takes at most {MAX_REPORT_BYTES // 1024} KiB.")
    row = PageReport(
        rules_version=report.rules_version,
        platform=report.platform,
        path_shape=report.path_shape,
        shape_hash=shape_hash(report.path_shape, shape),
        shape=shape,
        found=found,
    )
    session.add(row)
    session.flush()
    return row


def _add(total: FoundTotals, found: Found) -> None:
    total.items += found.items
    total.dated += found.dated
    _sum(total.kinds, found.kinds)
    _sum(total.audiences, found.audiences)
    _sum(total.authors, found.authors)
    _sum(total.skipped, found.skipped)


def _sum(mine: dict[Any, int], theirs: Mapping[Any, int]) -> None:
    for key, value in theirs.items():
        mine[key] = mine.get(key, 0) + value


# A group: one rules version, one page shape (its hash covers the path shape) on one site.
_KEY = (col(PageReport.rules_version), col(PageReport.shape_hash), col(PageReport.platform))


def groups(
    session: Session,
    *,
    rules_version: int | None = None,
    platform: str | None = None,
    since: datetime | None = None,
    limit: int = MAX_GROUPS,
    offset: int = 0,
) -> PageReportGroups:
    """One page of groups, the most reported first (then the newest). The database counts and
    orders them; only the page's groups have their findings summed here."""
    matching = _matching(rules_version=rules_version, platform=platform, since=since)
    reports = func.count().label("reports")
    last_at = func.max(col(PageReport.received_at))
    first_at = func.min(col(PageReport.received_at))
    query = (
        core_select(*_KEY, col(PageReport.path_shape), reports, first_at, last_at)
        .where(*matching)
        .group_by(*_KEY, col(PageReport.path_shape))
        # The key last: groups as often and as lately reported keep one order across pages.
        .order_by(reports.desc(), last_at.desc(), *_KEY)
        .offset(offset)
        .limit(limit + 1)  # one more says whether there is a next page
    )
    rows = session.execute(query).all()
    by_key = {
        (version, digest, site): PageReportGroup(
            rules_version=version,
            platform=site,
            path_shape=path,
            shape_hash=digest,
            reports=count,
            first_at=first,
            last_at=last,
            found=FoundTotals(),
            example_id="",
        )
        for version, digest, site, path, count, first, last in rows[:limit]
    }
    _sum_found(session, by_key, matching)
    next_offset = offset + limit if len(rows) > limit else None
    return PageReportGroups(groups=list(by_key.values()), next_offset=next_offset)


def _sum_found(
    session: Session,
    by_key: dict[tuple[int, str, str], PageReportGroup],
    matching: list[ColumnElement[bool]],
) -> None:
    """Each group's findings summed and its newest report named, streaming only its reports:
    what is held is one total per group of the page, however many reports there are."""
    if not by_key:
        return
    query = (
        core_select(*_KEY, col(PageReport.id), col(PageReport.received_at), col(PageReport.found))
        .where(tuple_(*_KEY).in_(list(by_key)), *matching)
        .order_by(col(PageReport.received_at))
        .execution_options(yield_per=500)
    )
    for version, digest, site, report_id, received_at, found in session.execute(query):
        group = by_key[(version, digest, site)]
        _add(group.found, Found.model_validate_json(found))
        if received_at >= group.last_at:
            group.example_id = report_id


def export(
    session: Session, *, rules_version: int | None = None, since: datetime | None = None
) -> Iterator[dict[str, object]]:
    """Every report in full (its shape too), oldest first: what `page-reports export` writes."""
    for row in _rows(session, rules_version=rules_version, platform=None, since=since):
        yield {
            "id": row.id,
            "received_at": row.received_at.isoformat(),
            "rules_version": row.rules_version,
            "platform": row.platform,
            "path_shape": row.path_shape,
            "shape_hash": row.shape_hash,
            "shape": json.loads(row.shape),
            "found": json.loads(row.found),
        }


def _rows(
    session: Session, *, rules_version: int | None, platform: str | None, since: datetime | None
) -> Iterator[PageReport]:
    matching = _matching(rules_version=rules_version, platform=platform, since=since)
    query = select(PageReport).where(*matching).order_by(col(PageReport.received_at))
    yield from session.exec(query.execution_options(yield_per=500))


def _matching(
    *, rules_version: int | None, platform: str | None, since: datetime | None
) -> list[ColumnElement[bool]]:
    """The filters a list or an export asks for, as conditions on the reports."""
    conditions = []
    if rules_version is not None:
        conditions.append(col(PageReport.rules_version) == rules_version)
    if platform is not None:
        conditions.append(col(PageReport.platform) == platform)
    if since is not None:
        conditions.append(col(PageReport.received_at) >= since)
    return conditions
