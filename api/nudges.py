"""What a committed change sets off in this process at once.

A write that changes a profile's listing or queues webhook messages asks for the matching nudge
with `db.after_commit(session, nudges.check_index)`; the unit of work's owner runs it once the
change is on disk. Other replicas learn of the change through the checks feed (PostgreSQL
NOTIFY, polling) and the outbox's own polling, so a missing nudge only delays, never loses.
"""

from collections.abc import Callable
from dataclasses import dataclass


def _nothing() -> None:
    """No worker in this process (the CLI, a test calling a service): polling catches up."""


@dataclass(frozen=True, slots=True)
class Nudges:
    check_index: Callable[[], object] = _nothing  # the bulk-check index reads the feed
    deliverer: Callable[[], object] = _nothing  # the webhook deliverer reads the outbox


NO_NUDGES = Nudges()
