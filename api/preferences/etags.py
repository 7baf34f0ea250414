"""The preferences' version as an HTTP validator: `ETag` out, `If-Match` back in (read as
api/etags.py reads it for every route: a list, compared strongly)."""

import re

from api.errors import PreconditionFailed, PreconditionRequired
from api.etags import strong_tags

_VERSION = re.compile(r'"v(\d{1,19})"')


def etag(version: int) -> str:
    return f'"v{version}"'


def parse_if_match(value: str | None) -> int | None:
    """The version `If-Match` names; None for `*`, which matches whatever version is current
    (RFC 9110 13.1.1: "change it, whatever it is now"). A weak tag (`W/"v3"`) names none: a
    write needs the strong comparison."""
    if value is None:
        raise PreconditionRequired("Send `If-Match` with the ETag from your last read.")
    tags = strong_tags(value)
    if tags == "*":
        return None
    versions = {int(found[1]) for tag in tags if (found := _VERSION.fullmatch(tag))}
    if not versions:
        raise PreconditionFailed("`If-Match` does not hold an ETag this service issued.")
    if len(versions) > 1:
        # The write checks one version under its lock; only one of them can be current anyway.
        raise PreconditionFailed("`If-Match` names several versions: send your last read's.")
    return versions.pop()
