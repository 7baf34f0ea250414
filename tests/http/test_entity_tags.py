"""Conditional requests read entity tags one way (api/etags.py), as RFC 9110 §13.1.1–2 say:
`If-None-Match` compares weakly (a GET of the page rules answers 304), `If-Match` strongly
(a write of the preferences goes ahead); both take `*` or a list of tags, and a header that is
not one names nothing."""

import httpx
import pytest

from api.errors import PreconditionFailed
from api.etags import EntityTag, none_match, parse, strong_tags
from api.preferences.etags import parse_if_match
from tests.conftest import Person
from tests.support.preferences import whole

ETAG = '"7.kid-1"'


@pytest.mark.parametrize(
    ("header", "tags"),
    [
        ("*", "*"),
        (
            ' W/"a", "b,c" ,, "" ',
            (EntityTag('"a"', True), EntityTag('"b,c"', False), EntityTag('""', False)),
        ),
        ('"a", *', ()),  # `*` stands alone, never in a list
        ('"a" "b"', ()),
        ("a", ()),
        ('w/"a"', ()),  # the weak indicator is case-sensitive
        ('"a', ()),
    ],
)
def test_a_header_is_star_or_a_list_of_tags(header: str, tags: object) -> None:
    assert parse(header) == tags


@pytest.mark.parametrize(
    ("header", "matched"),
    [
        ("*", True),
        (ETAG, True),
        (f'"x", W/{ETAG}', True),  # weak comparison: W/ is ignored
        (f'"x","y",{ETAG}', True),
        ('"7.kid-2"', False),
        ('"x", *', False),
        (ETAG[1:-1], False),  # unquoted: not a tag
        ("", False),
        (None, False),
    ],
)
def test_if_none_match_compares_weakly(header: str | None, matched: bool) -> None:
    assert none_match(header, ETAG) is matched
    assert none_match(header, f"W/{ETAG}") is matched


def test_if_match_keeps_only_strong_tags() -> None:
    assert strong_tags(" * ") == "*"
    assert strong_tags('W/"v1", "v2", "x"') == ('"v2"', '"x"')


@pytest.mark.parametrize(
    ("header", "version"), [("*", None), ('"v3"', 3), ('"x", "v3"', 3), (' "v3" , W/"v4"', 3)]
)
def test_the_preferences_version_if_match_names(header: str, version: int | None) -> None:
    assert parse_if_match(header) == version


@pytest.mark.parametrize("header", ['W/"v3"', '"v3", "v4"', "v3", '"v3", *', '"v"'])
def test_if_match_naming_no_single_version_strongly_fails(header: str) -> None:
    with pytest.raises(PreconditionFailed):
        parse_if_match(header)


async def test_a_write_goes_ahead_on_a_list_but_not_on_a_weak_tag(
    client: httpx.AsyncClient, person: Person
) -> None:
    read = await client.get("/v1/me/preferences", headers=person.headers)
    etag = read.headers["etag"]

    async def put(if_match: str) -> httpx.Response:
        headers = {**person.headers, "If-Match": if_match}
        return await client.put("/v1/me/preferences", headers=headers, json=whole(listed=True))

    weak = await put(f"W/{etag}")
    listed = await put(f'"elsewhere", {etag}')

    assert weak.status_code == 412, weak.text
    assert listed.status_code == 200, listed.text
