"""Which policy versions took effect, newest first: the feed of rules that changed."""

from datetime import date

from api.policy.catalog import PolicyCatalog
from api.policy.version import PolicyVersion


def changed_versions(
    catalog: PolicyCatalog, *, since: date | None = None, region: str | None = None
) -> list[PolicyVersion]:
    """Versions taking effect on or after `since`, newest first; for a `region`, only those of
    its timeline (the rest of the world's where it has none; every candidate's where no source
    settles which rules apply). A region's first version is listed too: its `changes` say what
    held when the catalogue begins."""
    if region is None:
        picked = set(catalog.versions)
    else:
        picked = {version for timeline in catalog.timelines(region) for version in timeline}
    return sorted(
        (v for v in picked if since is None or v.effective_from >= since),
        key=lambda v: (v.effective_from, v.id),
        reverse=True,
    )
