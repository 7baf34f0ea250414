"""Moving one objection one step (submitted, confirmed…) through the one write path
(api/changes/), so the step is checked, versioned, logged, receipted and reported exactly like
a full PUT of the preferences.

A step that changes nothing (sent twice) writes nothing and answers as the first one did; a
correction takes the last step back, to the objection as it was before it, with the person's
reason in the history and the receipt."""

from datetime import date

from pydantic import ValidationError
from sqlmodel import Session, select

from api.changes import service as changes
from api.changes.schemas import PreferencesWritten
from api.errors import NotFound
from api.nudges import Nudges
from api.objections.errors import (
    AmbiguousAccount,
    CorrectionRefused,
    InvalidObjectionStep,
    NoLinkedAccount,
)
from api.objections.schemas import ObjectionStepIn
from api.platforms import Platform
from api.preferences import history
from api.preferences import service as preferences
from api.preferences.diff import account_key
from api.preferences.models import Preferences
from api.preferences.objections import ObjectionState, check_transition
from api.preferences.profiles import normalise_profile
from api.preferences.schemas import (
    LinkedAccountIn,
    LinkedAccountOut,
    Objection,
    PreferencesIn,
    PreferencesOut,
)
from api.receipts import service as receipts

# Moving to one of these states starts the objection afresh; its dates are dropped.
_FRESH: frozenset[ObjectionState] = frozenset({"not_started", "ready"})


def apply_step(
    session: Session,
    *,
    account_id: str,
    platform: Platform,
    step: ObjectionStepIn,
    today: date,
    issuer: receipts.Issuer,
    nudges: Nudges,
) -> PreferencesWritten:
    """Apply one step to one of the person's accounts on `platform`; 409 if it makes no sense.
    Logged, and receipted whenever the objection's state or dates changed."""
    current = _locked(session, account_id)
    target = _pick(current, platform, step.profile)
    label = f"{platform} {target.profile or '(no profile)'}"
    key = account_key(platform, target.profile)
    if step.correction is not None and step.state != target.objection.state:
        steps = history.histories(session, account_id=account_id, keys=[key])[key]
        objection = _taken_back(steps, target.objection, step.state, label)
        corrections = {key: step.correction.reason}
        moved = {id(target): objection}
        return _save(session, account_id, current, moved, issuer, nudges, corrections)
    if step.correction is None:
        check_transition(target.objection.state, step.state, account=label)
        objection = _next_objection(target.objection, step, today)
        if objection.model_dump() != target.objection.model_dump():
            return _save(session, account_id, current, {id(target): objection}, issuer, nudges)
    # Nothing to change (a step or a correction sent again): no event, no receipt, and the
    # answer the step that brought the objection here gave, its receipt included.
    steps = history.histories(session, account_id=account_id, keys=[key])[key]
    since = history.current_since(steps, target.objection)
    receipt = None
    if since is not None:
        receipt = changes.receipt_for_event(session, account_id=account_id, seq=since.seq)
    return PreferencesWritten.model_construct(**dict(current), receipt=receipt)


def mark_ready(
    session: Session,
    *,
    account_id: str,
    platform: Platform,
    issuer: receipts.Issuer,
    nudges: Nudges,
) -> PreferencesWritten | None:
    """Move the platform's not-started objections (and those Meta wants resubmitted, or the
    person withdrew) to `ready`.

    None when none of them needed moving: nothing is written then.
    """
    current = _locked(session, account_id)
    accounts = [account for account in current.accounts if account.platform == platform]
    if not accounts:
        raise NoLinkedAccount(f"Link your {platform} account in your preferences first.")
    waiting = {"not_started", "needs_resubmission", "withdrawn"}
    moved = {
        id(account): Objection(state="ready")
        for account in accounts
        if account.objection.state in waiting
    }
    if not moved:
        return None
    return _save(session, account_id, current, moved, issuer, nudges)


def _locked(session: Session, account_id: str) -> PreferencesOut:
    # Lock the row first: concurrent steps queue here and each applies to the latest state,
    # so the version read below is still current when the write checks it.
    row = session.exec(
        select(Preferences).where(Preferences.account_id == account_id).with_for_update()
    ).first()
    if row is None:
        raise NotFound("This account has no preferences.")
    return preferences.get_preferences(session, account_id=account_id)


def _pick(current: PreferencesOut, platform: Platform, profile: str | None) -> LinkedAccountOut:
    candidates = [account for account in current.accounts if account.platform == platform]
    if profile is not None:
        try:
            wanted = normalise_profile(platform, profile)
        except ValueError as error:
            raise InvalidObjectionStep(str(error)) from None
        candidates = [account for account in candidates if account.profile == wanted]
    if not candidates:
        raise NoLinkedAccount(f"You have linked no such {platform} account.")
    if len(candidates) > 1:
        raise AmbiguousAccount(f"You linked several {platform} accounts: say which `profile`.")
    return candidates[0]


def _taken_back(
    steps: list[history.Step], current: Objection, wanted: str, label: str
) -> Objection:
    previous = history.before_last_step(steps, current)
    if previous is None:
        raise CorrectionRefused(f"{label}: the objection has taken no step to take back.")
    if previous.state != wanted:
        raise CorrectionRefused(
            f"{label}: the last step took the objection from {previous.state!r} to "
            f"{current.state!r}; a correction returns it to {previous.state!r}."
        )
    return previous


def _next_objection(before: Objection, step: ObjectionStepIn, today: date) -> Objection:
    state = step.state
    again = state == before.state  # a step repeated keeps the day and reason it has
    submitted_on = None if state in _FRESH else before.submitted_on
    if state == "submitted":
        submitted_on = step.on or (before.submitted_on if again else None) or today
        if before.withdrawn_on is not None and submitted_on < before.withdrawn_on:
            raise InvalidObjectionStep(
                "objecting again: `on` must not be before the day you withdrew "
                f"({before.withdrawn_on.isoformat()})"
            )
    confirmed_on = None
    if state == "confirmed":
        confirmed_on = step.on or (before.confirmed_on if again else None) or today
    withdrawn_on = None
    if state == "withdrawn":
        withdrawn_on = step.on or (before.withdrawn_on if again else None) or today
    reason = None
    if state == "rejected":
        reason = step.reason if step.reason is not None or not again else before.rejected_reason
    try:
        return Objection(
            state=state,
            submitted_on=submitted_on,
            confirmed_on=confirmed_on,
            rejected_reason=reason,
            withdrawn_on=withdrawn_on,
        )
    except ValidationError as error:
        problems = "; ".join(str(item["msg"]) for item in error.errors())
        raise InvalidObjectionStep(problems) from None


def _save(
    session: Session,
    account_id: str,
    current: PreferencesOut,
    moved: dict[int, Objection],
    issuer: receipts.Issuer,
    nudges: Nudges,
    corrections: dict[str, str] | None = None,
) -> PreferencesWritten:
    # The stored values are already normalised and valid: build the input without re-parsing.
    accounts = [
        LinkedAccountIn.model_construct(
            platform=account.platform,
            profile=account.profile,
            objection=moved.get(id(account), account.objection),
            accounts_center=account.accounts_center,
        )
        for account in current.accounts
    ]
    data = PreferencesIn.model_construct(
        region=current.region, accounts=accounts, scope=current.scope, listed=current.listed
    )
    return changes.record_change(
        session,
        account_id=account_id,
        expected_version=current.version,
        data=data,
        issuer=issuer,
        nudges=nudges,
        corrections=corrections,
    )
