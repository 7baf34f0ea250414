"""The decision for one policy version and fully known facts: which rules apply, what they add to.

Every rule excludes, makes uncertain, includes, or only informs. Any exclusion wins (Meta uses an
item only if nothing rules it out), then any uncertainty; otherwise the item is included. Reasons
come back with the decisive ones first, each carrying its source from the version's data.
"""

from functools import lru_cache
from typing import Literal, NamedTuple

from api.platforms import ExplainablePlatform
from api.policy.facts import AgeAtPosting, Audience, Author, AuthorAge, ItemFacts, Kind
from api.policy.verdict import Reason, VerdictValue
from api.policy.version import PolicyVersion


class Key(NamedTuple):
    """The facts of an item that decide its verdict (the date only matters for past use)."""

    platform: ExplainablePlatform
    kind: Kind
    audience: Audience
    author: Author
    author_age: AuthorAge  # now
    author_age_at_posting: AgeAtPosting | None = None  # set only for "minor then, adult now"

    @classmethod
    def of(cls, facts: ItemFacts) -> "Key":
        """An item's deciding facts: all but its date."""
        return cls(
            facts.platform,
            facts.kind,
            facts.audience,
            facts.author,
            facts.author_age,
            facts.author_age_at_posting,
        )


Judgement = tuple[VerdictValue, tuple[Reason, ...]]
# What the person's objection does to this item under one version, on one day.
ObjEffect = Literal["none", "covers", "disputed", "out_of_scope", "withdrawn"]

NON_PUBLIC: frozenset[Audience] = frozenset(
    {"friends", "friends_of_friends", "only_me", "custom", "close_friends", "followers"}
)
# Kinds whose audience setting does not matter: always public, always used, or never used.
AUDIENCE_FREE: frozenset[Kind] = frozenset({"profile_info", "ai_chat", "message", "camera_roll"})
# Kinds that are never public content, whatever the platform.
_NEVER_PUBLIC: frozenset[Kind] = frozenset({"message", "ai_chat", "camera_roll"})
TRAINING_CODES = frozenset({"training.not_started", "training.paused", "training.running"})
# The reasons that exclude an item for what it is, whoever asks and whenever: no lever the person
# could pull (an objection, an audience) changes anything for it.
ITEM_EXCLUSIONS = frozenset(
    {
        "kind.private_message",
        "kind.camera_roll",
        "audience.private_group",
        "audience.non_public",
        "age.minor_excluded",
    }
)
# Codes every version must resolve (from its own file or the owner's library), besides training.*.
RULE_CODES = frozenset(
    {
        "kind.private_message",
        "kind.ai_chat",
        "kind.always_public",
        "kind.always_public_unclear",
        "kind.camera_roll",
        "ai_chat.ads",
        "platform.whatsapp_unclear",
        "objection.threads_unclear",
        "region.unsettled",
        "kind.story_unclear",
        "platform.threads_unclear",
        "audience.public",
        "audience.public_group",
        "audience.private_group",
        "audience.non_public",
        "audience.unknown",
        "age.minor_excluded",
        "age.minor_unclear",
        "age.minor_ai_chat_unclear",
        "age.minor_when_posted",
        "age.unless_minor_excluded",
        "age.unless_minor_unclear",
        "author.other",
        "objection.filed",
        "objection.out_of_scope",
        "objection.unavailable",
        "objection.prior_round_disputed",
        "objection.withdrawn",
        "region.unknown",
        "history.may_be_used",
    }
)


@lru_cache(maxsize=1 << 16)
def judge(version: PolicyVersion, key: Key, obj: ObjEffect) -> Judgement:
    """The verdict for known facts; an unknown audience or age is expanded by `combine` first."""
    rules = version.rules
    excluded: list[Reason] = []
    uncertain: list[Reason] = []
    included: list[Reason] = []
    notes: list[Reason] = []

    # What the item is, and who can see it.
    if key.kind == "message":
        excluded.append(rules["kind.private_message"])
    elif key.kind == "camera_roll":
        excluded.append(rules["kind.camera_roll"])
    elif key.kind == "ai_chat":
        included.append(rules["kind.ai_chat"])
        if version.ai_chats_for_ads:
            notes.append(rules["ai_chat.ads"])
    elif key.kind == "profile_info":
        if version.profile_info_unclear:
            uncertain.append(rules["kind.always_public_unclear"])
        else:
            included.append(rules["kind.always_public"])
    else:
        if key.audience == "unknown":
            raise ValueError("judge() needs a known audience; combine.assess() expands unknowns")
        if key.audience == "public":
            included.append(rules["audience.public"])
        elif key.audience == "group_public":
            included.append(rules["audience.public_group"])
        elif key.audience == "group_private":
            excluded.append(rules["audience.private_group"])
        else:
            excluded.append(rules["audience.non_public"])
        if key.kind == "story":
            uncertain.append(rules["kind.story_unclear"])
    if key.platform == "threads" and key.kind not in _NEVER_PUBLIC:
        uncertain.append(rules["platform.threads_unclear"])
    # WhatsApp: the CNIL says its Meta AI chats are not used "to date"; it has no public posts.
    if key.platform == "whatsapp" and key.kind not in ("message", "camera_roll"):
        uncertain.append(rules["platform.whatsapp_unclear"])

    # Whose account: the account holder's age is Meta's test.
    if key.author_age == "minor":
        if version.minors == "uncertain":
            uncertain.append(rules["age.minor_unclear"])
        elif key.kind == "ai_chat" and version.minor_ai_chats == "uncertain":
            uncertain.append(rules["age.minor_ai_chat_unclear"])
        else:
            excluded.append(rules["age.minor_excluded"])
    elif key.author_age == "unknown":
        raise ValueError("judge() needs a known age; combine.assess() expands unknowns")
    elif key.author_age_at_posting == "minor":
        # Posted as a minor, adult now: Meta could not say whether such posts are used.
        uncertain.append(rules["age.minor_when_posted"])

    # Whether training runs in the region.
    status = rules[f"training.{version.training}"]
    (included if version.training == "running" else excluded).append(status)

    # The person's objection covers only their own items, and only where the law grants one.
    if key.author == "other":
        notes.append(rules["author.other"])
    elif obj != "none" and key.kind != "message":
        if not version.opt_out:
            notes.append(rules["objection.unavailable"])
        elif obj == "covers" and key.platform == "threads":
            # Meta's confirmation names Facebook and Instagram only.
            uncertain.append(rules["objection.threads_unclear"])
        elif obj == "covers":
            excluded.append(rules["objection.filed"])
        elif obj == "disputed":
            uncertain.append(rules["objection.prior_round_disputed"])
        elif obj == "withdrawn":
            notes.append(rules["objection.withdrawn"])
        else:
            notes.append(rules["objection.out_of_scope"])

    if excluded:
        return "excluded", (*excluded, *uncertain, *included, *notes)
    if uncertain:
        return "uncertain", (*uncertain, *included, *notes)
    return "included", (*included, *notes)
