"""What the person can do about one item, given their region's rules. Texts and URLs are data."""

from api.platforms import EXPLAINABLE_PLATFORMS
from api.policy.facts import Audience, Kind
from api.policy.rules import Key, ObjEffect
from api.policy.verdict import Action
from api.policy.version import PolicyVersion

# One objection form per platform an item can be explained on (Threads gets Instagram's).
ACTION_CODES = frozenset(
    {
        *(f"object.{platform}" for platform in EXPLAINABLE_PLATFORMS),
        "audience.change",
        "account.make_private",
        "item.delete",
        "profile.edit",
        "ai_chat.avoid",
        "poster.ask",
        "third_party.form",
    }
)
# Audiences under which an item may be used (or may be, when unknown): the ones worth acting on.
_EXPOSED: frozenset[Audience] = frozenset({"public", "group_public", "unknown"})
# Comments follow the audience of what they are under; only deleting them helps.
_COMMENTS: frozenset[Kind] = frozenset({"comment", "reply"})


def actions_for(
    versions: tuple[PolicyVersion, ...], key: Key, objs: tuple[ObjEffect, ...]
) -> tuple[Action, ...]:
    """The levers, most effective first; none for private messages, which are never used."""
    texts = versions[0].actions
    opt_out = any(version.opt_out for version in versions)
    if key.kind in ("message", "camera_roll"):
        return ()
    if key.author == "other":
        found = [texts["poster.ask"]] if key.audience in _EXPOSED else []
        if opt_out:
            found.append(texts["third_party.form"])
        return tuple(found)

    found = []
    if opt_out and not all(obj == "covers" for obj in objs):
        found.append(texts[f"object.{key.platform}"])
    if key.kind == "ai_chat":
        found.append(texts["ai_chat.avoid"])
    elif key.kind == "profile_info":
        found.append(texts["profile.edit"])
    elif key.audience in _EXPOSED:
        if key.platform == "whatsapp":
            pass  # no audience switch that is known to matter there
        elif key.kind not in _COMMENTS and key.audience != "group_public":
            private = "audience.change" if key.platform == "facebook" else "account.make_private"
            found.append(texts[private])
        found.append(texts["item.delete"])
    return tuple(found)
