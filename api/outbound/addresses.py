"""Which URLs and addresses an outbound request may go to: public ones only.

A URL's host is read the way a browser's URL parser reads it (WHATWG URL standard): a host that
ends in a number is an IPv4 address in any of the forms `inet_aton` accepts (`127.1`,
`2130706433`, `0x7f000001`, `0177.0.0.1`, `0x7f.1`, `0`). Such a host is refused unless it is
written as the canonical dotted quad, so what the person sees is what is reached. Every address,
written or resolved, must then be public: the registries' special-purpose ranges are refused
even where `ipaddress.is_global` lets them through (multicast, NAT64, 6to4, IPv4-compatible and
site-local IPv6, 6to4 relays, the newest documentation range).
"""

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import idna

from api.outbound.errors import OutboundRefused

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

_LABEL = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)$")
# Path and query characters kept as they are; anything else (spaces, non-ASCII) is escaped.
_SAFE_IN_TARGET = "!$%&'()*+,/:;=?@~"
_LOCAL_SUFFIXES = (".localhost", ".localdomain")

# Refused although `is_global` calls some of them global (Python 3.11); IANA special-purpose
# registries (RFC 6890 and successors) plus multicast.
_V4_REFUSED = tuple(
    ipaddress.IPv4Network(network)
    for network in (
        "0.0.0.0/8",  # "this network"
        "10.0.0.0/8",
        "100.64.0.0/10",  # carrier-grade NAT
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.0.0.0/24",  # IETF protocol assignments
        "192.0.2.0/24",  # documentation
        "192.31.196.0/24",  # AS112
        "192.52.193.0/24",  # AMT
        "192.88.99.0/24",  # 6to4 relay anycast
        "192.168.0.0/16",
        "192.175.48.0/24",  # AS112 direct delegation
        "198.18.0.0/15",  # benchmarking
        "198.51.100.0/24",  # documentation
        "203.0.113.0/24",  # documentation
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, and the broadcast address
    )
)
# Only global unicast (2000::/3) is ever reached over IPv6; inside it these are not public.
_V6_GLOBAL_UNICAST = ipaddress.IPv6Network("2000::/3")
_V6_REFUSED = tuple(
    ipaddress.IPv6Network(network)
    for network in (
        "2001::/23",  # IETF protocol assignments: Teredo, benchmarking, ORCHID, …
        "2001:db8::/32",  # documentation
        "2002::/16",  # 6to4: tunnels to any IPv4 address
        "2620:4f:8000::/48",  # AS112
        "3fff::/20",  # documentation (RFC 9637)
    )
)


@dataclass(frozen=True, slots=True)
class Target:
    """A URL that passed the checks, taken apart: what to resolve and what to ask for."""

    scheme: str
    host: str  # lower-case ASCII (IDNA) name, or the address as written canonically
    port: int
    target: str  # path and query, as given
    literal: Address | None  # the host, when it is an address

    @property
    def host_header(self) -> str:
        """The `Host` header: the host as the URL named it, with a port that is not the default."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"


def check_url(
    url: str, *, allow_loopback: bool, allowed_hosts: frozenset[str] | None = None
) -> Target:
    """The URL taken apart if a request may go there (before resolving its name); otherwise
    OutboundRefused saying why in the person's terms.

    https only (plain http only where loopback is allowed: tests and development), no
    credentials, a host in canonical form that is public (or loopback, where allowed), one of
    `allowed_hosts` when given.
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise OutboundRefused(f"the address is malformed: {error}.") from error
    if parts.scheme not in {"https", "http"} or not parts.hostname:
        raise OutboundRefused("the address must be an https:// URL with a host.")
    if parts.scheme == "http" and not allow_loopback:
        raise OutboundRefused("the address must use https://.")
    if parts.username is not None or parts.password is not None:
        raise OutboundRefused("the address must not carry a user name or password.")
    if port == 0:
        raise OutboundRefused("the address must not use port 0.")
    host, literal = _host(parts.hostname, bracketed="[" in parts.netloc)
    if allowed_hosts is not None and host not in allowed_hosts:
        raise OutboundRefused("the address is not on a site this service fetches from.")
    if literal is not None and not address_allowed(literal, allow_loopback=allow_loopback):
        raise OutboundRefused("the address must not point at a private or reserved address.")
    local_name = host == "localhost" or host.endswith(_LOCAL_SUFFIXES)
    if literal is None and local_name and not allow_loopback:
        raise OutboundRefused("the address must not point at this machine.")
    try:
        target = quote(parts.path or "/", safe=_SAFE_IN_TARGET)
        if parts.query:
            target += f"?{quote(parts.query, safe=_SAFE_IN_TARGET)}"
    except UnicodeEncodeError as error:  # a lone surrogate: no URL can carry it
        raise OutboundRefused("the address has characters no URL can carry.") from error
    default = 443 if parts.scheme == "https" else 80
    return Target(parts.scheme, host, port or default, target, literal)


def address_allowed(address: Address, *, allow_loopback: bool) -> bool:
    """Whether a connection may go to this address: public unicast (or loopback, if allowed)."""
    if isinstance(address, ipaddress.IPv6Address):
        mapped = address.ipv4_mapped
        if mapped is not None:  # ::ffff:a.b.c.d is the IPv4 address a.b.c.d
            return address_allowed(mapped, allow_loopback=allow_loopback)
        if address == ipaddress.IPv6Address("::1"):
            return allow_loopback
        return (
            address in _V6_GLOBAL_UNICAST
            and not any(address in network for network in _V6_REFUSED)
            and address.is_global
        )
    if address.is_loopback:
        return allow_loopback
    return address.is_global and not any(address in network for network in _V4_REFUSED)


def parse_address(text: str) -> Address:
    """An address as a resolver reports it (an IPv6 zone, `%eth0`, is dropped)."""
    return ipaddress.ip_address(text.split("%", 1)[0])


def parse_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """The IPv4 address a host names in any form `inet_aton` accepts, or None if it is not one.

    The WHATWG URL standard's IPv4 parser: one to four dot-separated numbers, each decimal,
    octal (leading 0) or hexadecimal (0x); the last fills the remaining bytes.
    """
    parts = host.split(".")
    if parts[-1] == "" and len(parts) > 1:
        parts.pop()
    if len(parts) > 4:
        return None
    numbers = [_ipv4_number(part) for part in parts]
    if any(number is None for number in numbers):
        return None
    values = [number for number in numbers if number is not None]
    if any(value > 255 for value in values[:-1]) or values[-1] >= 256 ** (5 - len(values)):
        return None
    total = values[-1]
    for index, value in enumerate(values[:-1]):
        total += value * 256 ** (3 - index)
    return ipaddress.IPv4Address(total)


def ends_in_a_number(host: str) -> bool:
    """WHATWG: a host whose last label is a number is an IPv4 address (or invalid)."""
    parts = host.split(".")
    if parts[-1] == "":
        if len(parts) == 1:
            return False
        parts.pop()
    last = parts[-1]
    return (last != "" and last.isascii() and last.isdigit()) or _ipv4_number(last) is not None


def _host(hostname: str, *, bracketed: bool) -> tuple[str, Address | None]:
    """The host in canonical form, and the address it is if it is one."""
    host = hostname.lower()
    if bracketed:
        try:
            literal = ipaddress.IPv6Address(host)
        except ValueError as error:  # a zone (`%eth0`) or not an address
            raise OutboundRefused("the address has a malformed IPv6 host.") from error
        return str(literal), literal
    if ends_in_a_number(host):
        address = parse_ipv4(host)
        if address is None:
            raise OutboundRefused("the address has a malformed IPv4 host.")
        if str(address) != host:
            raise OutboundRefused(
                f"the address must write its IPv4 host as {address}, the usual way."
            )
        return host, address
    try:
        name = idna.encode(host, uts46=True).decode("ascii")
    except idna.IDNAError as error:
        raise OutboundRefused("the address has a malformed host name.") from error
    labels = name.split(".")
    if len(name) > 253 or not all(_LABEL.match(label) for label in labels):
        raise OutboundRefused("the address has a malformed host name.")
    return name, None


def _ipv4_number(part: str) -> int | None:
    if part == "" or not part.isascii():
        return None
    radix = 10
    if part[:2] in {"0x", "0X"}:
        radix, part = 16, part[2:]
    elif len(part) > 1 and part[0] == "0":
        radix, part = 8, part[1:]
    if part == "":
        return 0
    try:
        return int(part, radix) if part.isalnum() else None
    except ValueError:
        return None
