"""Per linked account: when Meta's training began in the person's region, every state their
objection went through (read back from their event log: a rejection and the resubmission after
it, corrections with their reason), and so what may already have been used and what their
objection covers from now on."""

from datetime import UTC, date, datetime, time

from sqlmodel import Session

from api.languages import DEFAULT_LANGUAGE, Language
from api.objections.schemas import (
    AccountTimeline,
    ObjectionTimeline,
    TimelineEntry,
    TrainingStartOut,
)
from api.policy.jurisdictions import TrainingStart, facts, jurisdiction_of, training_start
from api.policy.sentences import sentence
from api.preferences import history
from api.preferences import service as preferences
from api.preferences.diff import account_key
from api.preferences.schemas import LinkedAccountOut, Objection

Coverage = tuple[str, date | None, str | None]  # what may be used, covered from, its source


def objection_timeline(
    session: Session, *, account_id: str, today: date, lang: Language = DEFAULT_LANGUAGE
) -> ObjectionTimeline:
    """The timeline with its sentences in `lang` (sources, dates and state codes as they are)."""
    current = preferences.get_preferences(session, account_id=account_id)
    steps = history.histories(session, account_id=account_id)
    yours = {
        account_key(a.platform, a.profile): _your_entries(
            steps.get(account_key(a.platform, a.profile), []), a.objection, today, lang
        )
        for a in current.accounts
    }
    region = current.region
    jurisdiction = jurisdiction_of(region)
    if region is None or jurisdiction is None:
        unknown = sentence("timeline.region_unknown", lang)
        return ObjectionTimeline(
            lang=lang,
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
            _entries(account, start, disputed, lang),
        )
        coverage = _coverage(account, start, right, version, lang)
        accounts.append(_account(account, entries, coverage))
    return ObjectionTimeline(
        lang=lang,
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
    account: LinkedAccountOut, start: TrainingStart | None, disputed: date | None, lang: Language
) -> list[TimelineEntry]:
    """The public facts for one account: training started, and whether its objection is
    one of those whose validity is disputed."""
    entries = []
    if start is not None:
        code = (
            "timeline.training_started_by" if start.at_the_latest else "timeline.training_started"
        )
        text = sentence(code, lang)
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
                text=sentence("timeline.objections_disputed", lang),
                source=facts().sources["disputed"],
                basis="unclear",
            )
        )
    return entries


def _your_entries(
    steps: list[history.Step], current: Objection, today: date, lang: Language
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
            entries.append(_corrected(step, before, objection, lang))
            last, base = [], objection
        else:
            if before is not None and objection.state == before.state:
                del entries[len(entries) - len(last) :]  # new dates for the same state
            else:
                base = before
            last = _state_entries(step, objection, base, lang)
            entries.extend(last)
        before = objection
    return entries


def _state_entries(
    step: history.Step, objection: Objection, before: Objection | None, lang: Language
) -> list[TimelineEntry]:
    recorded = step.at.date()
    state = objection.state
    found = []
    submitted = objection.submitted_on
    resubmitted = state == "submitted" and before is not None and before.state != "submitted"
    if submitted is not None and (
        before is None or before.submitted_on != submitted or resubmitted
    ):
        found.append(_yours(submitted, "objection_submitted", sentence("timeline.submitted", lang)))
    if state == "confirmed" and objection.confirmed_on is not None:
        text = sentence("timeline.confirmed", lang)
        found.append(_yours(objection.confirmed_on, "objection_confirmed", text))
    elif state == "withdrawn" and objection.withdrawn_on is not None:
        text = sentence("timeline.withdrawn", lang)
        found.append(_yours(objection.withdrawn_on, "objection_withdrawn", text))
    elif state == "rejected":
        reason = objection.rejected_reason
        text = (
            sentence("timeline.rejected_because", lang, reason=reason)
            if reason
            else sentence("timeline.rejected", lang)
        )
        found.append(_yours(recorded, "objection_rejected", text, reason=reason))
    elif state in {"needs_resubmission", "ready"} or (
        state == "not_started" and before is not None
    ):
        text = sentence(f"timeline.{state}", lang)
        found.append(_yours(recorded, f"objection_{state}", text))
    return found


def _corrected(
    step: history.Step, before: Objection, after: Objection, lang: Language
) -> TimelineEntry:
    text = sentence(
        "timeline.corrected",
        lang,
        before=repr(before.state),
        after=repr(after.state),
        reason=str(step.correction),
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
    account: LinkedAccountOut,
    start: TrainingStart | None,
    right: bool,
    version: str | None,
    lang: Language,
) -> Coverage:
    sources = facts().sources
    if start is None:
        return sentence("coverage.not_training", lang, version=str(version)), None, None
    began = start.on.isoformat()
    if not right:
        return sentence("coverage.no_right", lang, began=began), None, sources["no_right"]
    objection = account.objection
    if objection.state in {"not_started", "ready"} or objection.submitted_on is None:
        return sentence("coverage.not_objected", lang, began=began), None, start.source
    if objection.state == "needs_resubmission":
        text = sentence("coverage.needs_resubmission", lang)
        return text, None, sources["disputed"]
    if objection.state == "rejected":
        return sentence("coverage.rejected", lang), None, None
    if objection.state == "withdrawn" and objection.withdrawn_on is not None:
        text = sentence("coverage.withdrawn", lang, withdrawn=objection.withdrawn_on.isoformat())
        return text, None, None
    objected = objection.submitted_on
    dates = {"began": began, "objected": objected.isoformat()}
    if objected < start.on:
        text = sentence("coverage.before_training", lang, **dates)
        return text, objected, sources["objected_before_training"]
    return sentence("coverage.forward_only", lang, **dates), objected, sources["forward_only"]
