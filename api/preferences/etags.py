"""The preferences' version as an HTTP validator: `ETag` out, `If-Match` back in."""

from api.errors import PreconditionFailed, PreconditionRequired


def etag(version: int) -> str:
    return f'"v{version}"'


def parse_if_match(value: str | None) -> int | None:
    """The version `If-Match` names; None for `*`, which matches whatever version is current
    (RFC 9110 13.1.1: "change it, whatever it is now")."""
    if value is None:
        raise PreconditionRequired("Send `If-Match` with the ETag from your last read.")
    if value.strip() == "*":
        return None
    tag = value.strip().removeprefix("W/").strip('"')
    if not tag.startswith("v") or not tag[1:].isdigit() or len(tag) > 20:
        raise PreconditionFailed("`If-Match` does not hold an ETag this service issued.")
    return int(tag[1:])
