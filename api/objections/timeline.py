"""Per linked account: when Meta's training began in the person's region, every state their
objection went through (read back from their event log: a rejection and the resubmission after
it, corrections with their reason), and so what may already have been used and what their
objection covers from now on."""

from datetime import UTC, date, datetime, time

from sqlmodel import Session

from api.objections.schemas import (
    AccountTimeline,
    ObjectionTimeline,
    TimelineEntry,
    TrainingStartOut,
)
from api.policy.jurisdictions import TrainingStart, facts, jurisdiction_of, training_start
from api.preferences import history
from api.preferences import service as preferences
from api.preferences.diff import account_key
from api.preferences.schemas import LinkedAccountOut, Objection

Coverage = tuple[str, date | None, str | None]  # what may be used, covered from, its source


def objection_timeline(session: Session, *, account_id: str, today: date) -> ObjectionTimeline:
    current = preferences.get_preferences(session, account_id=account_id)
    steps = history.histories(session, account_id=account_id)
    yours = {
        account_key(a.platform, a.profile): _your_entries(
            steps.get(account_key(a.platform, a.profile), []), a.objection, today
        )
        for a in current.accounts
    }
    region = current.region
    jurisdiction = jurisdiction_of(region)
    if region is None or jurisdiction is None:
        unknown = "Unknown until you set your region: when training began depends on it."
        return ObjectionTimeline(
            region=None,
            objection_right=None,
            policy_version=None,
            training_started=None,
            accounts=[
                _account(a, yours[account_key(a.platform, a.profile)], (unknown, None, None))
                for a in current.accounts
            ],
        )
    start, version = training_start(region, today)
    right = jurisdiction.law is not None
    disputed = jurisdiction.objections_disputed_before if right else None
    accounts = []
    for account in current.accounts:
        entries = _merged(
            yours[account_key(account.platform, account.profile)],
            _entries(account, start, disputed),
        )
        accounts.append(_account(account, entries, _coverage(account, start, right, version)))
    return ObjectionTimeline(
        region=region,
        objection_right=right,
        policy_version=version,
        training_started=None
        if start is None
        else TrainingStartOut(
            on=start.on, at_the_latest=start.at_the_latest, source=start.source, basis=start.basis
        ),
        accounts=accounts,
    )


def _account(
    account: LinkedAccountOut, entries: list[TimelineEntry], coverage: Coverage
) -> AccountTimeline:
    used, covered_from, source = coverage
    return AccountTimeline(
        platform=account.platform,
        profile=account.profile,
        objection_state=account.objection.state,
        entries=entries,
        may_already_be_used=used,
        covered_from=covered_from,
        source=source,
    )


def _merged(yours: list[TimelineEntry], public: list[TimelineEntry]) -> list[TimelineEntry]:
    """The person's entries in the order they recorded them (a rejection is dated the day it was
    recorded, a resubmission the day it was sent), each public fact before the first of them
    dated after it."""
    merged = list(yours)
    for fact in sorted(public, key=lambda entry: entry.on):
        later = (i for i, e in enumerate(merged) if e.basis == "your_record" and e.on > fact.on)
        merged.insert(next(later, len(merged)), fact)
    return merged


def _entries(
    account: LinkedAccountOut, start: TrainingStart | None, disputed: date | None
) -> list[TimelineEntry]:
    """The public facts for one account: training started, and whether its objection is
    one of those whose validity is disputed."""
    entries = []
    if start is not None:
        text = "Meta began training its AI on public Facebook and Instagram content here."
        if start.at_the_latest:
            text = "Meta was training its AI on public posts here by this day at the latest; "
            text += "posts back to 2007 are in scope."
        entries.append(
            TimelineEntry(
                on=start.on,
                what="training_started",
                text=text,
                source=start.source,
                basis=start.basis,
            )
        )
    objection = account.objection
    objected = objection.state in {"submitted", "confirmed"}
    if disputed and objected and objection.submitted_on and objection.submitted_on < disputed:
        entries.append(
            TimelineEntry(
                on=disputed,
                what="objections_disputed_before",
                text="Whether objections sent before this day still count is disputed: Meta "
                "says it honours them, noyb says people were asked to object again.",
                source=facts().sources["disputed"],
                basis="unclear",
            )
        )
    return entries


def _your_entries(
    steps: list[history.Step], current: Objection, today: date
) -> list[TimelineEntry]:
    """One entry per state the objection went through, in the order they were recorded.

    Submissions and confirmations are dated by the day the person gave; other states by the
    day they were recorded. A change of dates alone re-dates the entries of that state.
    """
    entries: list[TimelineEntry] = []
    last: list[TimelineEntry] = []  # the entries of the state the objection is in
    before: Objection | None = None  # the objection as the step found it
    base: Objection | None = None  # the objection before its current state began
    kept = [step for step in steps if step.objection is not None]
    if not kept or _dump(kept[-1].objection) != _dump(current):  # the log predates it all
        kept.append(history.Step(seq=0, at=_midnight(today), objection=current))
    for step in kept:
        objection = step.objection
        assert objection is not None
        if step.correction is not None and before is not None:
            entries.append(_corrected(step, before, objection))
            last, base = [], objection
        else:
            if before is not None and objection.state == before.state:
                del entries[len(entries) - len(last) :]  # new dates for the same state
            else:
                base = before
            last = _state_entries(step, objection, base)
            entries.extend(last)
        before = objection
    return entries


def _state_entries(
    step: history.Step, objection: Objection, before: Objection | None
) -> list[TimelineEntry]:
    recorded = step.at.date()
    state = objection.state
    found = []
    submitted = objection.submitted_on
    resubmitted = state == "submitted" and before is not None and before.state != "submitted"
    if submitted is not None and (
        before is None or before.submitted_on != submitted or resubmitted
    ):
        found.append(_yours(submitted, "objection_submitted", "You objected."))
    if state == "confirmed" and objection.confirmed_on is not None:
        text = "Meta confirmed your objection."
        found.append(_yours(objection.confirmed_on, "objection_confirmed", text))
    elif state == "rejected":
        text = "Meta rejected your objection."
        if objection.rejected_reason:
            text += f" Its reason: {objection.rejected_reason}"
        found.append(_yours(recorded, "objection_rejected", text, reason=objection.rejected_reason))
    elif state == "needs_resubmission":
        text = "Meta asked you to object again."
        found.append(_yours(recorded, "objection_needs_resubmission", text))
    elif state == "ready":
        found.append(_yours(recorded, "objection_ready", "Your objection was ready to send."))
    elif state == "not_started" and before is not None:
        found.append(_yours(recorded, "objection_not_started", "You set your objection aside."))
    return found


def _corrected(step: history.Step, before: Objection, after: Objection) -> TimelineEntry:
    text = (
        f"You took back the step to {before.state!r}: the objection is {after.state!r} again. "
        f"Your reason: {step.correction}"
    )
    return _yours(step.at.date(), "objection_corrected", text, reason=step.correction)


def _dump(objection: Objection | None) -> object:
    return None if objection is None else objection.model_dump(mode="json")


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def _yours(on: date, what: str, text: str, *, reason: str | None = None) -> TimelineEntry:
    return TimelineEntry.model_validate(
        {
            "on": on,
            "what": what,
            "text": text,
            "source": None,
            "basis": "your_record",
            "reason": reason,
        }
    )


def _coverage(
    account: LinkedAccountOut, start: TrainingStart | None, right: bool, version: str | None
) -> Coverage:
    sources = facts().sources
    if start is None:
        text = f"Meta is not training on content from here today (policy {version}); "
        return text + "earlier use is not recorded here.", None, None
    began = start.on.isoformat()
    if not right:
        text = (
            f"Everything you made public may already have been used: Meta has trained on public "
            f"posts here since {began} at the latest and offers no objection. Making posts "
            "non-public or deleting them stops future collection only."
        )
        return text, None, sources["no_right"]
    objection = account.objection
    if objection.state in {"not_started", "ready"} or objection.submitted_on is None:
        text = f"What you made public may have been used since {began}, older posts included; "
        return text + "nothing is covered until you object.", None, start.source
    if objection.state == "needs_resubmission":
        text = "Meta asked you to object again: until you do, treat your content as not covered."
        return text, None, sources["disputed"]
    if objection.state == "rejected":
        return "Meta rejected your objection: what you make public may still be used.", None, None
    objected = objection.submitted_on
    if objected < start.on:
        text = (
            f"You objected on {objected.isoformat()}, before training began here on {began}: "
            "objections sent before then keep past posts out."
        )
        return text, objected, sources["objected_before_training"]
    text = (
        f"What you made public between {began} and {objected.isoformat()} may already have been "
        f"used; from {objected.isoformat()} on, Meta says it does not use it for future "
        "development. Nothing is removed from models already trained."
    )
    return text, objected, sources["forward_only"]
