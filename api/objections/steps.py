"""Moving one objection one step (submitted, confirmed…) through the one write path
(api/changes/), so the step is checked, versioned, logged, receipted and reported exactly like
a full PUT of the preferences."""

from datetime import date

from pydantic import ValidationError
from sqlmodel import Session, select

from api.changes import service as changes
from api.changes.schemas import PreferencesWritten
from api.errors import NotFound
from api.nudges import Nudges
from api.objections.errors import AmbiguousAccount, InvalidObjectionStep, NoLinkedAccount
from api.objections.schemas import ObjectionStepIn
from api.platforms import Platform
from api.preferences import service as preferences
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
    check_transition(target.objection.state, step.state, account=label)
    objection = _next_objection(target.objection, step, today)
    return _save(session, account_id, current, {id(target): objection}, issuer, nudges)


def mark_ready(
    session: Session,
    *,
    account_id: str,
    platform: Platform,
    issuer: receipts.Issuer,
    nudges: Nudges,
) -> PreferencesWritten | None:
    """Move the platform's not-started objections (and those Meta wants resubmitted) to `ready`.

    None when none of them needed moving: nothing is written then.
    """
    current = _locked(session, account_id)
    accounts = [account for account in current.accounts if account.platform == platform]
    if not accounts:
        raise NoLinkedAccount(f"Link your {platform} account in your preferences first.")
    waiting = {"not_started", "needs_resubmission"}
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


def _next_objection(before: Objection, step: ObjectionStepIn, today: date) -> Objection:
    state = step.state
    submitted_on = None if state in _FRESH else before.submitted_on
    if state == "submitted":
        submitted_on = step.on or today
    try:
        return Objection(
            state=state,
            submitted_on=submitted_on,
            confirmed_on=(step.on or today) if state == "confirmed" else None,
            rejected_reason=step.reason if state == "rejected" else None,
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
) -> PreferencesWritten:
    # The stored values are already normalised and valid: build the input without re-parsing.
    accounts = [
        LinkedAccountIn.model_construct(
            platform=account.platform,
            profile=account.profile,
            objection=moved.get(id(account), account.objection),
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
    )
