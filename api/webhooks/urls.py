"""Where a webhook may point: public https receivers only (loopback only where settings allow).

Checked when a group subscribes and again, after DNS resolution, before every delivery, so a
name that later resolves to an internal address is not reached.
"""

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

from api.errors import ProblemError


class InvalidWebhookUrl(ProblemError):
    status, code, title = 422, "invalid-webhook-url", "This webhook URL cannot be used"


Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def check_url(url: str, *, allow_loopback: bool) -> str:
    """The URL if a group may subscribe it; otherwise InvalidWebhookUrl naming the reason."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises on a malformed port)
    except ValueError as error:
        raise InvalidWebhookUrl(f"`url` is malformed: {error}.") from error
    host = (parts.hostname or "").lower()
    if parts.scheme not in {"https", "http"} or not host:
        raise InvalidWebhookUrl("`url` must be an https:// URL with a host.")
    if parts.username is not None or parts.password is not None:
        raise InvalidWebhookUrl("`url` must not carry credentials; use the signing secret.")
    loopback = host == "localhost" or _is_loopback_literal(host)
    if loopback and not allow_loopback:
        raise InvalidWebhookUrl("`url` must not point at this machine.")
    if parts.scheme == "http" and not loopback:
        raise InvalidWebhookUrl("`url` must use https://.")
    literal = _literal(host)
    if literal is not None and not literal.is_global and not literal.is_loopback:
        raise InvalidWebhookUrl("`url` must not point at a private or reserved address.")
    return url


async def destination_allowed(url: str, *, allow_loopback: bool) -> bool:
    """Resolve the URL's host: every address must be public (or loopback, where allowed)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        return False
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    return bool(addresses) and all(_allowed(address, allow_loopback) for address in addresses)


def _allowed(address: Address, allow_loopback: bool) -> bool:
    if address.is_loopback:
        return allow_loopback
    return address.is_global


def _literal(host: str) -> Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def _is_loopback_literal(host: str) -> bool:
    literal = _literal(host)
    return literal is not None and literal.is_loopback
