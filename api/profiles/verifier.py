"""Reading a profile's public page through the one outbound fetcher, and what it shows.

Only the platforms' own hosts are fetched (tests point `profile_page_base_urls` at a loopback
stand-in, with `allow_loopback_profile_pages`); the fetcher resolves once, refuses internal
addresses, follows no redirect and stops at a deadline and a size limit.
"""

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from api.config import Settings
from api.outbound import OutboundFailed, OutboundRefused, Resolver, fetch
from api.platforms import SITES, Platform
from api.profiles import codes
from api.profiles.errors import CannotProve

log = logging.getLogger(__name__)

# A page that is plainly not there: the code is not on it. Anything else that is not a 200
# (a redirect to a login wall, a 5xx, a 429) says nothing either way.
_GONE = {404, 410}


@dataclass(frozen=True)
class PageReader:
    base_urls: Mapping[Platform, str]
    timeout_seconds: float
    max_bytes: int
    allow_loopback: bool
    resolver: Resolver | None = None

    @classmethod
    def from_settings(cls, settings: Settings, resolver: Resolver | None = None) -> "PageReader":
        return cls(
            base_urls=settings.profile_page_base_urls,
            timeout_seconds=settings.profile_page_timeout_seconds,
            max_bytes=settings.profile_page_max_bytes,
            allow_loopback=settings.allow_loopback_profile_pages,
            resolver=resolver,
        )

    def url_of(self, platform: Platform, profile: str) -> str:
        """The profile's public page; CannotProve where the platform has none by that name."""
        # A platform the operator left out of the setting is read at its own site.
        base = self.base_urls.get(platform, SITES[platform].home).rstrip("/") + "/"
        if profile.startswith("id:"):
            if platform == "instagram":
                raise CannotProve(
                    "An Instagram profile can only be proved by its user name, not a numeric id."
                )
            return f"{base}profile.php?id={profile[3:]}"
        return f"{base}{profile}/"

    async def codes_on_page(self, platform: Platform, profile: str) -> set[str] | None:
        """The hashes of the codes on the page (empty if the page is gone), or None when the
        page could not be read."""
        url = self.url_of(platform, profile)
        allowed = SITES[platform].hosts  # the platform's own hosts (api/platforms.py)
        if self.allow_loopback:  # tests: the configured stand-in's host too
            allowed = allowed | {urlsplit(base).hostname or "" for base in self.base_urls.values()}
        try:
            response = await fetch(
                url,
                max_bytes=self.max_bytes,
                timeout_seconds=self.timeout_seconds,
                allow_loopback=self.allow_loopback,
                allowed_hosts=allowed,
                resolver=self.resolver,
                headers={"accept": "text/html"},
            )
        except OutboundRefused as error:
            log.error("profile page %s refused: %s", platform, error.reason)
            return None
        except OutboundFailed as error:
            log.warning("profile page %s not read: %s", platform, error.reason)
            return None
        if response.status in _GONE:
            return set()
        if response.status != 200:
            log.info("profile page %s answered %s", platform, response.status)
            return None
        return codes.hashes_on_page(response.body.decode("utf-8", errors="replace"))
