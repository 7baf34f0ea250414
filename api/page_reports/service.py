"""Storing reports and grouping them by rules version and page shape."""

import hashlib
import json
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from api.errors import PayloadTooLarge
from api.ledger.chain import canonical_json
from api.page_reports.models import PageReport
from api.page_reports.schemas import (
    MAX_GROUPS,
    Found,
    FoundTotals,
    PageReportGroup,
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


def groups(
    session: Session,
    *,
    rules_version: int | None = None,
    platform: str | None = None,
    since: datetime | None = None,
) -> list[PageReportGroup]:
    """Groups, the most reported first (then the newest)."""
    by_key: dict[tuple[int, str], PageReportGroup] = {}
    for row in _rows(session, rules_version=rules_version, platform=platform, since=since):
        found = Found.model_validate(json.loads(row.found))
        group = by_key.get((row.rules_version, row.shape_hash))
        if group is None:
            group = by_key[(row.rules_version, row.shape_hash)] = PageReportGroup(
                rules_version=row.rules_version,
                platform=row.platform,
                path_shape=row.path_shape,
                shape_hash=row.shape_hash,
                reports=0,
                first_at=row.received_at,
                last_at=row.received_at,
                found=FoundTotals(),
                example_id=row.id,
            )
        group.reports += 1
        group.first_at = min(group.first_at, row.received_at)
        if row.received_at >= group.last_at:
            group.last_at, group.example_id = row.received_at, row.id
        _add(group.found, found)
    ordered = sorted(by_key.values(), key=lambda g: (-g.reports, -g.last_at.timestamp()))
    return ordered[:MAX_GROUPS]


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
    query = select(PageReport).order_by(col(PageReport.received_at))
    if rules_version is not None:
        query = query.where(col(PageReport.rules_version) == rules_version)
    if platform is not None:
        query = query.where(col(PageReport.platform) == platform)
    if since is not None:
        query = query.where(col(PageReport.received_at) >= since)
    yield from session.exec(query.execution_options(yield_per=500))
