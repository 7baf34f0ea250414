"""The life of an objection filed with Meta, per linked account, and which steps make sense."""

from typing import Literal

from api.errors import Conflict

ObjectionState = Literal[
    "not_started", "ready", "submitted", "confirmed", "rejected", "needs_resubmission", "withdrawn"
]

# From each state, the states a person can move to. Staying put is always allowed.
# "needs_resubmission" covers Meta asking people to object again (as reported in 2025).
TRANSITIONS: dict[ObjectionState, frozenset[ObjectionState]] = {
    "not_started": frozenset({"ready", "submitted"}),
    "ready": frozenset({"not_started", "submitted"}),
    "submitted": frozenset({"confirmed", "rejected", "needs_resubmission", "withdrawn"}),
    "confirmed": frozenset({"needs_resubmission", "withdrawn"}),
    "rejected": frozenset({"ready", "submitted", "needs_resubmission"}),
    "needs_resubmission": frozenset({"ready", "submitted"}),
    # The person took their objection back; objecting again files a new one.
    "withdrawn": frozenset({"ready", "submitted"}),
}


class ObjectionTransitionConflict(Conflict):
    code = "objection-transition"
    title = "This objection step does not follow from the current one"


def check_transition(
    before: ObjectionState, after: ObjectionState, *, account: str, removed: bool = False
) -> None:
    """409 unless `after` follows from `before`; `removed`: the account is being linked again
    and `before` is where its objection stood when it was removed."""
    if before == after or after in TRANSITIONS[before]:
        return
    allowed = ", ".join(sorted(TRANSITIONS[before]))
    stood = " when you removed the account" if removed else ""
    raise ObjectionTransitionConflict(
        f"{account}: an objection cannot go from {before!r} to {after!r}; "
        f"from {before!r} (where it stood{stood}) it can go to: {allowed}. "
        "A step recorded by mistake can be taken back: send the state before it with a "
        '`correction` (`{"state": ..., "correction": {"reason": ...}}`) to '
        "POST /v1/me/objections/{platform}/steps."
    )
