"""Why an outbound request did not happen or did not finish. Not HTTP errors: each caller says
what they mean to the person (a webhook URL refused at subscription, a profile not checked)."""


class OutboundRefused(Exception):
    """The URL, or an address its name resolves to, is not one the service may reach."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # in the person's terms, e.g. "the address must use https://."


class OutboundFailed(Exception):
    """Allowed, but no answer: unresolvable, unreachable, refused, timed out, or a broken reply.

    The reason is for the service's own log; never show it to whoever chose the URL (it would
    tell them what lies behind an address they cannot otherwise see).
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
