"""Facebook and Instagram profile identifiers: a handle, a numeric id or a profile URL, normalised
to one canonical form so the same person is recognised however they wrote it."""

import re
from urllib.parse import parse_qs, urlsplit

from api.platforms import SITES, Platform

# Paths that are sections of the site, not people.
RESERVED_PATHS: dict[Platform, frozenset[str]] = {
    "facebook": frozenset(
        {
            "groups",
            "pages",
            "watch",
            "events",
            "marketplace",
            "gaming",
            "reel",
            "reels",
            "stories",
            "photo",
            "photo.php",
            "permalink.php",
            "story.php",
            "share",
            "sharer",
            "help",
            "settings",
            "privacy",
            "login",
            "home.php",
            "search",
            "hashtag",
            "friends",
            "messages",
            "notifications",
            "bookmarks",
            "policies",
            "legal",
            "ads",
            "business",
            "people",
        }
    ),
    "instagram": frozenset(
        {
            "p",
            "reel",
            "reels",
            "stories",
            "explore",
            "accounts",
            "direct",
            "about",
            "legal",
            "developer",
            "tv",
            "web",
            "challenge",
            "emails",
            "privacy",
        }
    ),
}
HANDLE_PATTERNS = {
    "facebook": re.compile(r"^[a-z0-9.]{5,50}$"),
    "instagram": re.compile(r"^[a-z0-9._]{1,30}$"),
}
_NUMERIC_ID = re.compile(r"^[0-9]{5,20}$")


def normalise_profile(platform: Platform, value: str) -> str:
    """Return `id:<digits>` for numeric ids and the lower-case handle otherwise.

    Raises ValueError with a message fit for the person when the value is neither.
    """
    text = value.strip()
    if not text:
        raise ValueError("a profile must not be empty")
    if len(text) > 300:
        raise ValueError("a profile must be at most 300 characters")
    if text.lower().startswith("id:") and _NUMERIC_ID.match(text[3:]):
        return text.lower()  # already in stored form, e.g. read back from the API
    if "/" in text or text.lower().startswith(("http:", "https:")):
        return _from_url(platform, text)
    return _from_handle(platform, text.removeprefix("@"))


def _from_handle(platform: Platform, handle: str) -> str:
    lowered = handle.lower()
    if _NUMERIC_ID.match(lowered):
        return f"id:{lowered}"
    if not HANDLE_PATTERNS[platform].match(lowered) or lowered in RESERVED_PATHS[platform]:
        raise ValueError(f"{handle!r} is not a valid {platform} profile name")
    if ".." in lowered or lowered.startswith(".") or lowered.endswith("."):
        raise ValueError(f"{handle!r} is not a valid {platform} profile name")
    return lowered


def _from_url(platform: Platform, url: str) -> str:
    if "://" not in url:
        url = "https://" + url
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in {"http", "https"} or host not in SITES[platform].hosts:
        raise ValueError(f"not a {platform} profile URL")
    segments = [segment for segment in parts.path.split("/") if segment]
    if platform == "facebook" and segments[:1] == ["profile.php"]:
        ids = parse_qs(parts.query).get("id", [])
        if len(ids) == 1 and _NUMERIC_ID.match(ids[0]):
            return f"id:{ids[0]}"
        raise ValueError("a profile.php URL needs a numeric id=")
    people = platform == "facebook" and segments[:1] == ["people"] and len(segments) >= 3
    if people and _NUMERIC_ID.match(segments[2]):
        return f"id:{segments[2]}"
    if len(segments) != 1:
        raise ValueError(f"not a {platform} profile URL (expected one path segment)")
    return _from_handle(platform, segments[0])


def profile_url(platform: Platform, normalised: str) -> str | None:
    """The public address of a normalised profile (Instagram has none for a numeric id)."""
    if normalised.startswith("id:"):
        if platform == "instagram":
            return None
        return f"{SITES['facebook'].home}profile.php?id={normalised[3:]}"
    return f"{SITES[platform].home}{normalised}/"
