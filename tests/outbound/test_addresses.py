"""Which URLs and addresses the outbound client may reach: every disguise of an internal
address is refused, whatever form it is written in; public ones pass."""

import ipaddress

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from api.outbound import OutboundRefused, address_allowed, check_url, parse_ipv4
from tests.robustness.outbound_attacks import disguised_urls


@pytest.mark.parametrize("url", disguised_urls())
def test_every_disguised_internal_url_is_refused(url: str) -> None:
    with pytest.raises(OutboundRefused):
        check_url(url, allow_loopback=False)


@pytest.mark.parametrize(
    ("form", "address"),
    [
        ("127.1", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("0X7F000001", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("0", "0.0.0.0"),  # noqa: S104 (an address read, never bound)
        ("0x7f.1", "127.0.0.1"),
        ("0x7f.0.1", "127.0.0.1"),
        ("127.0.0.1.", "127.0.0.1"),
        ("0x", "0.0.0.0"),  # noqa: S104
        ("1.2.3.4", "1.2.3.4"),
        ("0xa9.0376.43518", "169.254.169.254"),
    ],
)
def test_ipv4_forms_are_read_as_inet_aton_reads_them(form: str, address: str) -> None:
    assert parse_ipv4(form) == ipaddress.IPv4Address(address)


@pytest.mark.parametrize(
    "form", ["256.0.0.1", "1.2.3.4.5", "4294967296", "1..2", "08.0.0.1", "0x1g", "1.2.3.4 x"]
)
def test_malformed_ipv4_forms_are_not_addresses(form: str) -> None:
    assert parse_ipv4(form) is None


@pytest.mark.parametrize(
    "url",
    [
        "https://256.0.0.1/in",  # ends in a number but is no address: not a name either
        "https://1.2.3.4.5/in",
        "https://hooks.0x10/in",
        "https://example.org.08/in",
        "https://[fe80::1%25eth0]/in",  # a zone
        "https://exa mple.org/in",
        "https://-bad.example.org/in",
        "https://example.org./in",  # a trailing dot: refused rather than guessed
        "https://user@example.org/in",
        "http://example.org/in",
        "ftp://example.org/in",
        "https://example.org:0/in",
        "https://example.org:99999/in",
        "https:///in",
    ],
)
def test_malformed_or_unsafe_urls_are_refused(url: str) -> None:
    with pytest.raises(OutboundRefused):
        check_url(url, allow_loopback=False)


@pytest.mark.parametrize(
    ("url", "host", "port", "target"),
    [
        ("https://Hooks.Example.ORG/in?a=1", "hooks.example.org", 443, "/in?a=1"),
        ("https://hooks.example.org:8443", "hooks.example.org", 8443, "/"),
        ("https://93.184.215.14/x", "93.184.215.14", 443, "/x"),
        ("https://[2606:4700::1111]/x", "2606:4700::1111", 443, "/x"),
        ("https://bücher.example/a b", "xn--bcher-kva.example", 443, "/a%20b"),
    ],
)
def test_public_urls_pass_in_canonical_form(url: str, host: str, port: int, target: str) -> None:
    checked = check_url(url, allow_loopback=False)

    assert (checked.host, checked.port, checked.target) == (host, port, target)


def test_loopback_and_plain_http_only_where_allowed() -> None:
    for url in ("http://127.0.0.1:9/in", "https://[::1]/in", "http://localhost:9/in"):
        with pytest.raises(OutboundRefused):
            check_url(url, allow_loopback=False)
        assert check_url(url, allow_loopback=True).port in {9, 443}
    # Loopback allowed is not private allowed.
    with pytest.raises(OutboundRefused):
        check_url("http://10.0.0.1/in", allow_loopback=True)
    with pytest.raises(OutboundRefused):  # nor a disguised loopback, which is refused as such
        check_url("http://127.1:9/in", allow_loopback=True)


def test_only_the_listed_hosts_when_a_list_is_given() -> None:
    sites = frozenset({"www.example.org"})

    assert check_url("https://WWW.example.org/p", allow_loopback=False, allowed_hosts=sites)
    for url in ("https://example.org/p", "https://www.example.org.evil.test/p"):
        with pytest.raises(OutboundRefused):
            check_url(url, allow_loopback=False, allowed_hosts=sites)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "100.100.0.1",
        "169.254.169.254",
        "224.0.0.251",
        "192.88.99.7",
        "::1",
        "::ffff:127.0.0.1",
        "::ffff:192.168.0.1",
        "::127.0.0.1",
        "::8.8.8.8",  # IPv4-compatible: deprecated, never reached
        "64:ff9b::808:808",  # NAT64, even of a public address: the translator is internal
        "64:ff9b:1::1",
        "2002:808:808::1",
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
        "2001:2::1",
        "fec0::1",
        "fc00::1",
        "fe80::1",
        "ff02::1",
        "::",
    ],
)
def test_resolved_internal_addresses_are_not_allowed(address: str) -> None:
    ip = ipaddress.ip_address(address)

    assert not address_allowed(ip, allow_loopback=False)
    if address not in {"127.0.0.1", "::1", "::ffff:127.0.0.1"}:  # loopback, where allowed
        assert not address_allowed(ip, allow_loopback=True)


@pytest.mark.parametrize(
    "address", ["8.8.8.8", "1.1.1.1", "93.184.215.14", "2606:4700::1111", "::ffff:8.8.8.8"]
)
def test_public_addresses_are_allowed(address: str) -> None:
    assert address_allowed(ipaddress.ip_address(address), allow_loopback=False)


_URL_PIECES = st.sampled_from(list("0123456789abcdefxX.:[]%@-_ /\\?#ü\ud800\u3002\uff0e\x00\t"))


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        st.text(_URL_PIECES, max_size=30).map(lambda host: f"https://{host}/in"),
        st.text(max_size=40).map(lambda rest: f"https://hooks.example.org/{rest}"),
        st.text(max_size=60),
    )
)
def test_any_text_is_either_a_checked_url_or_refused(url: str) -> None:
    """Never another exception: a webhook subscription answers 201 or 422, never 500."""
    for allow_loopback in (False, True):
        try:
            checked = check_url(url, allow_loopback=allow_loopback)
        except OutboundRefused:
            continue
        assert checked.target.isascii() and checked.host.isascii()
