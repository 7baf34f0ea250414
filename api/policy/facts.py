"""The facts the engine judges: one item (never its content) and the person asking."""

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal, get_args

from api.platforms import EXPLAINABLE_PLATFORMS, ExplainablePlatform
from api.policy.regions import load_regions

Kind = Literal[
    "post",
    "comment",
    "reply",
    "photo",
    "video",
    "reel",
    "story",
    "profile_info",
    "message",
    "ai_chat",
    "camera_roll",
]
# For a comment or reply, the audience is that of the content it was written under: a comment on a
# public post is public whatever the commenter's own settings. "followers" is a private account.
Audience = Literal[
    "public",
    "friends",
    "friends_of_friends",
    "only_me",
    "custom",
    "close_friends",
    "followers",
    "group_public",
    "group_private",
    "unknown",
]
Author = Literal["self", "other"]
# The age band of the account holder who posted the item, now: Meta's test, not the age of who is
# shown.
AuthorAge = Literal["adult", "minor", "unknown"]
# Their age band on the day they posted it, where it differs from now: posted as a minor, adult now.
AgeAtPosting = Literal["adult", "minor"]
ScopeCategory = Literal[
    "posts", "comments", "photos_videos", "stories_reels", "profile_info", "ai_chats"
]

KINDS: tuple[Kind, ...] = get_args(Kind)
AUDIENCES: tuple[Audience, ...] = get_args(Audience)
AUTHORS: tuple[Author, ...] = get_args(Author)
AUTHOR_AGES: tuple[AuthorAge, ...] = get_args(AuthorAge)
_PLATFORM_SET, _KIND_SET, _AUDIENCE_SET = (
    frozenset(EXPLAINABLE_PLATFORMS),
    frozenset(KINDS),
    frozenset(AUDIENCES),
)
_AUTHOR_SET, _AUTHOR_AGE_SET = frozenset(AUTHORS), frozenset(AUTHOR_AGES)
SCOPE_CATEGORIES: tuple[ScopeCategory, ...] = get_args(ScopeCategory)

# The objection category each kind falls under; private messages and the unpublished camera roll
# fall under none (not used as public content).
KIND_CATEGORY: dict[Kind, ScopeCategory | None] = {
    "post": "posts",
    "comment": "comments",
    "reply": "comments",
    "photo": "photos_videos",
    "video": "photos_videos",
    "reel": "stories_reels",
    "story": "stories_reels",
    "profile_info": "profile_info",
    "message": None,
    "ai_chat": "ai_chats",
    "camera_roll": None,  # not public content: no objection is needed or given
}


# The audiences an item can have on each platform; any other is a fact that cannot be. Facebook has
# per-post audiences and groups; Instagram and Threads one account-wide switch ("followers" is a
# private account), and Instagram's Close Friends; WhatsApp's status goes to contacts or a chosen
# few, and a channel is public.
PLATFORM_AUDIENCES: dict[ExplainablePlatform, frozenset[Audience]] = {
    "facebook": frozenset(
        {
            "public",
            "friends",
            "friends_of_friends",
            "only_me",
            "custom",
            "close_friends",
            "group_public",
            "group_private",
            "unknown",
        }
    ),
    "instagram": frozenset({"public", "followers", "close_friends", "unknown"}),
    "threads": frozenset({"public", "followers", "unknown"}),
    "whatsapp": frozenset({"public", "friends", "custom", "unknown"}),
}


# Reserved codes that name no country; the rules differ by country, so these must be refused.
_NOT_A_COUNTRY = frozenset({"EU", "EZ", "UN"})


def _check(owner: str, name: str, value: object, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ValueError(f"{owner}.{name}: {value!r} is not one of {', '.join(allowed)}")


@dataclass(frozen=True, slots=True)
class ItemFacts:
    """What can be seen about one item without reading it."""

    platform: ExplainablePlatform
    kind: Kind
    audience: Audience = "unknown"
    created_at: date | None = None
    author: Author = "self"
    author_age: AuthorAge = "unknown"  # now
    # On the day it was posted, when that differs from now (None: as now). A minor now was a
    # minor then; an adult then is an adult now.
    author_age_at_posting: AgeAtPosting | None = None

    def __post_init__(self) -> None:
        # The common case in one expression: a feed sends hundreds of items per second.
        if (
            self.platform in _PLATFORM_SET
            and self.kind in _KIND_SET
            and self.audience in _AUDIENCE_SET
            and self.author in _AUTHOR_SET
            and self.author_age in _AUTHOR_AGE_SET
            and self.author_age_at_posting is None
        ):
            return
        _check("ItemFacts", "platform", self.platform, EXPLAINABLE_PLATFORMS)
        _check("ItemFacts", "kind", self.kind, KINDS)
        _check("ItemFacts", "audience", self.audience, AUDIENCES)
        _check("ItemFacts", "author", self.author, AUTHORS)
        _check("ItemFacts", "author_age", self.author_age, AUTHOR_AGES)
        then = self.author_age_at_posting
        if then is None:
            return
        _check("ItemFacts", "author_age_at_posting", then, ("adult", "minor"))
        if then == "adult" and self.author_age == "minor":
            raise ValueError("ItemFacts.author_age_at_posting: an adult then is not a minor now")
        # Only "minor then, adult (or unknown) now" says more than `author_age` alone.
        if then == "adult" or self.author_age == "minor":
            object.__setattr__(self, "author_age", "adult" if then == "adult" else "minor")
            object.__setattr__(self, "author_age_at_posting", None)


# Equal facts, one object: a feed repeats a few combinations, and checking and freezing new
# facts costs about fifteen times a cache hit. Bounded, as callers choose the facts.
@lru_cache(maxsize=1 << 14)
def item_facts(
    platform: ExplainablePlatform,
    kind: Kind,
    audience: Audience,
    created_at: date | None,
    author: Author,
    author_age: AuthorAge,
    author_age_at_posting: AgeAtPosting | None,
) -> ItemFacts:
    """`ItemFacts` of these facts, the same object for the same facts."""
    then = author_age_at_posting
    return ItemFacts(platform, kind, audience, created_at, author, author_age, then)


@dataclass(frozen=True, slots=True)
class Objection:
    """The person's objection to AI training: when it was filed and what it covers."""

    filed_on: date
    # "all", or the categories it covers; any iterable is normalised to a sorted tuple.
    scope: Literal["all"] | tuple[ScopeCategory, ...] = "all"
    # The day the person withdrew it, if they did: from then on it covers nothing.
    withdrawn_on: date | None = None

    def __post_init__(self) -> None:
        if self.withdrawn_on is not None and self.withdrawn_on < self.filed_on:
            raise ValueError("Objection.withdrawn_on: must not be before filed_on")
        if self.scope == "all":
            return
        if isinstance(self.scope, str) or not self.scope:
            raise ValueError("Objection.scope: give 'all' or a non-empty list of categories")
        for category in self.scope:
            _check("Objection", "scope", category, SCOPE_CATEGORIES)
        object.__setattr__(self, "scope", tuple(sorted(set(self.scope))))

    def in_effect(self, day: date) -> bool:
        """Filed by `day` and not withdrawn by then."""
        return self.filed_on <= day and (self.withdrawn_on is None or day < self.withdrawn_on)

    def covers(self, kind: Kind) -> bool:
        category = KIND_CATEGORY[kind]
        if category is None:
            return False
        return self.scope == "all" or category in self.scope


@dataclass(frozen=True, slots=True)
class PersonContext:
    """Who is asking: their country (ISO 3166-1 alpha-2, None if unknown) and their objection."""

    region: str | None = None
    objection: Objection | None = None

    def __post_init__(self) -> None:
        if self.region is None:
            return
        # Aliases (regions.toml): the codes the EU uses for the UK and Greece, which are GB and GR.
        region = load_regions().canonical(self.region) or None
        valid = region is None or (len(region) == 2 and region.isascii() and region.isalpha())
        if not valid or region in _NOT_A_COUNTRY:
            raise ValueError(f"PersonContext.region: {self.region!r} is not an ISO 3166-1 country")
        object.__setattr__(self, "region", region)
