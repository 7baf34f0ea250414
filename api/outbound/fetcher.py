"""The one HTTP client for addresses someone else chose (webhook receivers, profile pages).

The name is resolved once, every address it resolves to is checked, and the connection goes to
a checked address itself: the request's URL carries the address, while the original name goes
in the `Host` header and in TLS (SNI, and the certificate is verified against the name). A
second resolution, which a rebinding DNS server would answer with an internal address, never
happens. Redirects are not followed, the whole exchange has one deadline, and the body is cut
at a size limit. Proxies from the environment are ignored: they would resolve the name again.
"""

import asyncio
import functools
import socket
import ssl
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass

import httpx

from api.outbound.addresses import Address, Target, address_allowed, check_url, parse_address
from api.outbound.errors import OutboundFailed, OutboundRefused

# (host, port) → the addresses the name resolves to, as text. Tests inject a stand-in.
Resolver = Callable[[str, int], Awaitable[Sequence[str]]]

_CHUNK = 16 * 1024


@dataclass(frozen=True, slots=True)
class OutboundResponse:
    """What the other end answered. `body` is at most `max_bytes`; `truncated` if it was more."""

    status: int
    headers: Mapping[str, str]  # lower-case names; repeated headers joined by ", "
    body: bytes
    truncated: bool


async def system_resolver(host: str, port: int) -> list[str]:
    """The operating system's resolver (getaddrinfo), off the event loop."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


async def resolve_checked(
    target: Target, *, allow_loopback: bool, resolver: Resolver | None = None
) -> list[Address]:
    """Every address the target's host resolves to, once; OutboundRefused if any is not allowed
    (one internal answer among public ones is how rebinding hides), OutboundFailed if none."""
    if target.literal is not None:
        return [target.literal]
    try:
        answers = await (resolver or system_resolver)(target.host, target.port)
    except OSError as error:
        raise OutboundFailed(f"could not resolve {target.host}: {error}") from error
    try:
        addresses = list(dict.fromkeys(parse_address(answer) for answer in answers))
    except ValueError as error:
        raise OutboundFailed(f"the resolver answered a non-address for {target.host}") from error
    if not addresses:
        raise OutboundFailed(f"{target.host} resolves to no address")
    if not all(address_allowed(address, allow_loopback=allow_loopback) for address in addresses):
        raise OutboundRefused("the address's host name points at a private or reserved address.")
    return addresses


async def fetch(
    url: str,
    *,
    method: str = "GET",
    body: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    max_bytes: int,
    timeout_seconds: float,
    allow_loopback: bool,
    allowed_hosts: frozenset[str] | None = None,
    resolver: Resolver | None = None,
) -> OutboundResponse:
    """Send one request to `url` and read the answer, within `timeout_seconds` in all.

    Raises OutboundRefused when the URL or an address of its host is not allowed (see
    `check_url`, `address_allowed`; `allowed_hosts`, when given, lists the only host names
    allowed), OutboundFailed when it is allowed but no complete answer came. A redirect is an
    answer like any other (its status and `location` header), never followed. `allow_loopback`
    is for tests and development only (settings refuse it in production).
    """
    target = check_url(url, allow_loopback=allow_loopback, allowed_hosts=allowed_hosts)
    try:
        async with asyncio.timeout(timeout_seconds):
            addresses = await resolve_checked(
                target, allow_loopback=allow_loopback, resolver=resolver
            )
            return await _exchange(
                target, addresses, method, body, headers, max_bytes, timeout_seconds
            )
    except TimeoutError as error:
        raise OutboundFailed(f"no answer within {timeout_seconds} s") from error


async def _exchange(
    target: Target,
    addresses: list[Address],
    method: str,
    body: bytes | None,
    headers: Mapping[str, str] | None,
    max_bytes: int,
    timeout_seconds: float,
) -> OutboundResponse:
    sent = {name: value for name, value in (headers or {}).items() if name.lower() != "host"}
    sent |= {"host": target.host_header, "accept-encoding": "identity"}
    # The name for SNI and the certificate check; an address URL checks the address instead.
    extensions = {"sni_hostname": target.host} if target.literal is None else {}
    async with httpx.AsyncClient(
        timeout=httpx.Timeout(timeout_seconds),
        follow_redirects=False,
        trust_env=False,
        verify=_tls_context(),
    ) as client:
        last: httpx.ConnectError | None = None
        for address in addresses:  # the next checked address only if nothing was sent
            request = client.build_request(
                method,
                httpx.URL(
                    scheme=target.scheme,
                    host=str(address),
                    port=target.port,
                    raw_path=target.target.encode("ascii", "strict"),
                ),
                content=body,
                headers=sent,
                extensions=extensions,
            )
            try:
                return await _send(client, request, max_bytes)
            except httpx.ConnectError as error:
                last = error
            except httpx.HTTPError as error:
                raise OutboundFailed(f"{type(error).__name__}: {error}") from error
        raise OutboundFailed(f"could not connect: {last}")


async def _send(
    client: httpx.AsyncClient, request: httpx.Request, max_bytes: int
) -> OutboundResponse:
    response = await client.send(request, stream=True)
    try:
        chunks: list[bytes] = []
        size, truncated = 0, False
        # Raw bytes: identity was asked for, and a compressed body is not inflated here.
        async for chunk in response.aiter_raw(_CHUNK):
            if size + len(chunk) > max_bytes:
                chunks.append(chunk[: max_bytes - size])
                truncated = True
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        await response.aclose()
    headers: dict[str, str] = {}
    for name, value in response.headers.multi_items():
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    return OutboundResponse(response.status_code, headers, b"".join(chunks), truncated)


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """Certificates verified against the bundled CA list; built once, it is slow to build."""
    return httpx.create_ssl_context()
