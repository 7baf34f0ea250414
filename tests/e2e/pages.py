"""The pages the end-to-end tests serve, and what the extension must read from each.

The real pages are read in place from /work/shared/fixtures/real/ (never copied); the expected
facts are the ones the extension's unit tests read from the same files by hand
(extension/test/real-pages.test.js, ig-reader.test.js).
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.extension_browser import Feed, instagram_pages, synthetic_feed

REAL = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "real"
FACEBOOK_HOME = "https://www.facebook.com/"
INSTAGRAM_HOME = "https://www.instagram.com/"

# A logged-in feed with comments, ads and shared posts, all authored by other people.
FEED_OPTIONS: dict[str, Any] = {"posts": 20, "comments": 2, "sponsoredEvery": 10, "sharedEvery": 7}


def feed(**options: Any) -> Feed:
    return synthetic_feed(**{**FEED_OPTIONS, **options})


@dataclass(frozen=True)
class Fixture:
    """A page, where it is served, and the facts of its badges (sorted: kind, audience, date)."""

    name: str
    url: str
    expected: tuple[tuple[str, str, str | None], ...]
    real: bool = False

    def html(self) -> str:
        if self.real:
            return (REAL / self.name).read_text(encoding="utf-8", errors="replace")
        return instagram_pages()[self.name]


def facts_of(item: dict[str, Any]) -> tuple[str, str, str | None]:
    return (item["kind"], item["audience"], item.get("created_at"))


INSTAGRAM_SYNTHETIC = (
    Fixture(
        "feed",
        INSTAGRAM_HOME,
        tuple(
            sorted(
                [
                    ("post", "public", "2025-06-01"),
                    ("post", "followers", "2024-01-15"),
                    ("post", "unknown", "2025-03-02"),
                    ("post", "public", "2025-05-30"),
                ],
                key=str,
            )
        ),
    ),
    Fixture(
        "post",
        INSTAGRAM_HOME + "pub.user/p/POSTCODE1/",
        tuple(
            sorted(
                [
                    ("post", "public", "2025-08-15"),
                    ("comment", "public", "2025-08-15"),
                    ("comment", "public", "2025-08-15"),
                    ("reply", "public", "2025-08-15"),
                ],
                key=str,
            )
        ),
    ),
)

REAL_PAGES = (
    Fixture(
        "facebook/page-timeline-logged-out-2023-02.html",
        FACEBOOK_HOME + "heymeedan",
        (("video", "public", "2021-05-03"),),
        real=True,
    ),
    Fixture(
        "facebook/single-post-classic-logged-out-2022.html",
        FACEBOOK_HOME + "LittleMix/posts/"
        "pfbid02Hvu5Jys35PPckFHUQFNbxoT7pK8quieyMMG7D5KkkwtxbwJuSkpPjXK1ZEXceQNXl",
        (("photo", "public", "2022-05-26"),),
        real=True,
    ),
    # The post of 2025-08-15 and its five comments; "More posts from" adds two undated thumbnails.
    # The page does not say whether the account is private, so every audience is unknown.
    Fixture(
        "instagram/post-logged-in-2025-08.html",
        INSTAGRAM_HOME + "ririnn.ri/p/DNYNXb4z8J0/",
        tuple(
            sorted(
                [("comment", "unknown", "2025-08-15")] * 5
                + [("post", "unknown", "2025-08-15")]
                + [("post", "unknown", None)] * 2,
                key=str,
            )
        ),
        real=True,
    ),
)

# Its only feed unit sits inside an unterminated HTML comment: a browser shows no post at all.
UNCLOSED_COMMENT_FEED = Fixture(
    "facebook/feed-logged-in-2020-12.html", FACEBOOK_HOME, (), real=True
)

# The page-rules and explanation-report tests' page: a post whose audience label no bundled
# language has ("Zorblic" is read only once rules say so), beside a stranger's personal details.
RULES_PAGE_URL = "https://www.facebook.com/groups/zorbleton.alumni/"
RULES_PAGE = """<!DOCTYPE html><html><body><div role="main"><div role="feed"><div aria-posinset="1">
<div role="article">
<h3><a href="https://www.facebook.com/oswin.brackenridge">Oswin Brackenridge</a></h3>
<a href="https://www.facebook.com/oswin.brackenridge/posts/pfbid02quillfeatherZ">3h</a>
<span role="img" aria-label="Shared with Zorblic"></span>
<div>Marigold Featherstonehaugh lives at 12 Larkspur Lane, phone 7700 900123</div>
<img src="https://scontent.xx.fbcdn.net/v/oswin-lakeside-4815162342.jpg" alt="Oswin at the lake">
</div>
</div></div></div></body></html>"""
RULES_PAGE_PERSONAL = [
    "Oswin", "Brackenridge", "Marigold", "Featherstonehaugh", "Larkspur", "7700", "900123",
    "quillfeather", "4815162342", "zorbleton", "fbcdn", "lake",
]  # fmt: skip
