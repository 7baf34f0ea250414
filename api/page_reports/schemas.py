"""What a report may hold: shapes and counts, each field checked so nothing else fits.

Tag names, attribute names and ARIA roles are the site's vocabulary, not the person's; the
patterns below leave no room for text, ids or URLs (no digits, no dots, no slashes in names)."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from api.platforms import Platform

MAX_NODES = 5000
MAX_DEPTH = 64
MAX_GROUPS = 500  # groups on one page of the operator's list

Tag = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]{0,31}$")]
AttrName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z-]{0,40}$")]
Role = Annotated[str, StringConstraints(pattern=r"^[a-z]{1,20}$")]
LinkShape = Literal[
    "post",
    "photo",
    "video",
    "reel",
    "story",
    "comment",
    "reply",
    "profile",
    "group",
    "hash",
    "internal",
    "external",
    "other",
]
Kind = Literal["post", "comment", "reply", "photo", "video", "reel", "story"]
Word = Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,32}$")]
Count = Annotated[int, Field(ge=0, le=1_000_000)]
# "/", "/groups/*/posts/*": the site's own path words, every other segment a star.
PathShape = Annotated[
    str, StringConstraints(pattern=r"^(/([a-z_]{1,20}(\.php)?|\*))*/?$", max_length=200)
]


class ShapeNode(BaseModel):
    """One element: tag, ARIA role, attribute names, the shape of a link, how many text nodes
    it holds directly, its children, and how many identical siblings it stands for."""

    model_config = ConfigDict(extra="forbid")

    t: Tag
    r: Role | None = None
    k: list[AttrName] = Field(default_factory=list, max_length=40)
    h: LinkShape | None = None
    x: Count = 0
    n: Annotated[int, Field(ge=1, le=100_000)] = 1
    more: Count = 0  # elements below it left out (depth or size cap)
    c: list["ShapeNode"] = Field(default_factory=list, max_length=MAX_NODES)


class Found(BaseModel):
    """What the reader found on the page, as counts."""

    model_config = ConfigDict(extra="forbid")

    items: Count
    kinds: dict[Kind, Count] = Field(default_factory=dict)
    audiences: dict[Word, Count] = Field(default_factory=dict, max_length=20)
    authors: dict[Literal["self", "other"], Count] = Field(default_factory=dict)
    dated: Count = 0
    skipped: dict[Word, Count] = Field(default_factory=dict, max_length=20)


class FoundTotals(BaseModel):
    """`Found` summed over many reports: the same counts, without one report's caps."""

    items: int = 0
    kinds: dict[Kind, int] = Field(default_factory=dict)
    audiences: dict[str, int] = Field(default_factory=dict)
    authors: dict[Literal["self", "other"], int] = Field(default_factory=dict)
    dated: int = 0
    skipped: dict[str, int] = Field(default_factory=dict)


# Version numbers are dates with a serial (2026120501): a 32-bit integer holds them.
RulesVersion = Annotated[int, Field(ge=0, le=2**31 - 1)]


class PageReportIn(BaseModel):
    """A report as the extension sends it."""

    model_config = ConfigDict(extra="forbid")

    rules_version: RulesVersion
    platform: Platform  # the sites the extension reads
    path_shape: PathShape
    shape: ShapeNode
    found: Found

    @model_validator(mode="after")
    def _bounded(self) -> "PageReportIn":
        count, stack = 0, [(self.shape, 1)]
        while stack:
            node, depth = stack.pop()
            count += 1
            if count > MAX_NODES or depth > MAX_DEPTH:
                raise ValueError(f"a page shape has at most {MAX_NODES} nodes, {MAX_DEPTH} deep")
            stack.extend((child, depth + 1) for child in node.c)
        return self


class PageReportReceived(BaseModel):
    id: str
    received_at: datetime
    shape_hash: str


class PageReportGroup(BaseModel):
    """Reports of one rules version and one page shape."""

    rules_version: int
    platform: str
    path_shape: str
    shape_hash: str
    reports: int
    first_at: datetime
    last_at: datetime
    found: FoundTotals  # summed over the group's reports
    example_id: str  # the newest report's id (its shape: `ai-optout page-reports export`)


class PageReportGroups(BaseModel):
    groups: list[PageReportGroup]
    # Pass as `offset` for the next page; null on the last page.
    next_offset: int | None
