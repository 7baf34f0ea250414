"""Where a webhook may point: public https receivers only (loopback only where settings allow).

The one outbound check (api.outbound) decides, at subscription and again at every delivery:
the URL as written here, and the addresses its host resolves to when the delivery connects.
"""

from api.errors import ProblemError
from api.outbound import OutboundRefused
from api.outbound import check_url as check_outbound_url


class InvalidWebhookUrl(ProblemError):
    status, code, title = 422, "invalid-webhook-url", "This webhook URL cannot be used"


def check_url(url: str, *, allow_loopback: bool) -> str:
    """The URL if a group may subscribe it; otherwise InvalidWebhookUrl naming the reason."""
    try:
        check_outbound_url(url, allow_loopback=allow_loopback)
    except OutboundRefused as refused:
        raise InvalidWebhookUrl(f"`url`: {refused.reason}") from refused
    return url


def same_receiver(registered: str, url: str) -> bool:
    """Whether two URLs name the same receiver as the deliverer reaches it: the host's case, an
    IDN's spelling and a default port written out do not make another one; the path does."""
    if registered == url:
        return True
    try:
        # Both were checked already; loopback only widens what parses, never what matches.
        ours = check_outbound_url(registered, allow_loopback=True)
        theirs = check_outbound_url(url, allow_loopback=True)
    except OutboundRefused:
        return False
    return (ours.scheme, ours.host, ours.port, ours.target) == (
        theirs.scheme,
        theirs.host,
        theirs.port,
        theirs.target,
    )
