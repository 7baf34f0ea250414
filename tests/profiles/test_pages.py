"""Codes and the page reader: what counts as a code on a page, which pages are read at all."""

import pytest

from api.profiles import codes
from api.profiles.errors import CannotProve
from api.profiles.verifier import PageReader
from tests.support.profiles import ProfilePages


def _reader(
    pages: ProfilePages, *, allow_loopback: bool = True, max_bytes: int = 100_000
) -> PageReader:
    return PageReader(
        base_urls=pages.base_urls(),  # type: ignore[arg-type]
        timeout_seconds=5,
        max_bytes=max_bytes,
        allow_loopback=allow_loopback,
    )


def test_a_code_is_found_however_it_is_cased_and_only_whole() -> None:
    code = codes.new_code()
    page = f"<p>{code.upper()}</p><p>{codes.new_code()}x</p><p>ai-optout-short</p>"

    found = codes.hashes_on_page(page)

    assert found == {codes.code_hash(code)}
    assert codes.code_hash(code) != code and len(codes.code_hash(code)) == 64


def test_a_page_full_of_codes_yields_a_bounded_number_of_candidates() -> None:
    page = " ".join(codes.new_code() for _ in range(1000))

    assert len(codes.hashes_on_page(page)) == codes.MAX_CANDIDATES


async def test_the_reader_finds_codes_and_tells_a_gone_page_from_an_unreadable_one() -> None:
    code = codes.new_code()
    with ProfilePages() as pages:
        reader = _reader(pages)
        pages.show("facebook", "id:1234567", code)
        pages.show("instagram", "jane_doe", status=503)

        assert await reader.codes_on_page("facebook", "id:1234567") == {codes.code_hash(code)}
        assert await reader.codes_on_page("facebook", "nobody.here") == set()  # 404
        assert await reader.codes_on_page("instagram", "jane_doe") is None
        assert pages.requests == ["/fb/profile.php?id=1234567", "/fb/nobody.here/", "/ig/jane_doe/"]


async def test_only_the_platforms_hosts_are_read_unless_loopback_is_allowed_for_tests() -> None:
    with ProfilePages() as pages:
        pages.show("facebook", "jane.doe", codes.new_code())

        assert (
            await _reader(pages, allow_loopback=False).codes_on_page("facebook", "jane.doe") is None
        )
        assert pages.requests == []  # refused before any connection


async def test_a_page_is_read_only_up_to_the_size_limit() -> None:
    code = codes.new_code()
    with ProfilePages() as pages:
        pages.pages["/fb/jane.doe/"] = (200, "x" * 5000 + code)

        assert await _reader(pages, max_bytes=2048).codes_on_page("facebook", "jane.doe") == set()
        assert await _reader(pages).codes_on_page("facebook", "jane.doe") == {codes.code_hash(code)}


def test_an_instagram_numeric_id_has_no_page_to_read() -> None:
    with ProfilePages() as pages, pytest.raises(CannotProve):
        _reader(pages).url_of("instagram", "id:1234567")
