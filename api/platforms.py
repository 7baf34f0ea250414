"""The platforms the service knows, defined once: which a person can link and object on, which the
policy engine can explain, and what the service needs of each (its name and web addresses).

Imports nothing else from `api`, so every package, the policy engine included, can depend on it.
The extension keeps its own copy in `extension/src/platforms.js`.
"""

from dataclasses import dataclass
from typing import Literal, get_args

# The platforms whose accounts a person can link and object on: Meta's objection forms cover these.
Platform = Literal["facebook", "instagram"]
# The platforms the policy engine can explain an item on: the linkable ones, Threads, where Meta
# has not said whether its rules apply, and WhatsApp, whose Meta AI chats the CNIL says are not
# used "to date" (no account is linked or objected on there).
ExplainablePlatform = Literal[Platform, "threads", "whatsapp"]

PLATFORMS: tuple[Platform, ...] = get_args(Platform)
EXPLAINABLE_PLATFORMS: tuple[ExplainablePlatform, ...] = get_args(ExplainablePlatform)


@dataclass(frozen=True, slots=True)
class Site:
    """What the service needs to know of one linkable platform's website."""

    name: str  # as people write it
    home: str  # the address profile links are built on
    hosts: frozenset[str]  # every host a pasted profile link may name


SITES: dict[Platform, Site] = {
    "facebook": Site(
        name="Facebook",
        home="https://www.facebook.com/",
        hosts=frozenset(
            {
                "facebook.com",
                "www.facebook.com",
                "m.facebook.com",
                "web.facebook.com",
                "mbasic.facebook.com",
                "touch.facebook.com",
                "fb.com",
                "www.fb.com",
            }
        ),
    ),
    "instagram": Site(
        name="Instagram",
        home="https://www.instagram.com/",
        hosts=frozenset({"instagram.com", "www.instagram.com", "m.instagram.com"}),
    ),
}
PLATFORM_NAMES: dict[Platform, str] = {platform: site.name for platform, site in SITES.items()}
