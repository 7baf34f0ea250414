"""Per linked account: when Meta's training began in the person's region, when they objected,
and so what may already have been used and what their objection covers from now on."""

from datetime import date

from sqlmodel import Session

from api.objections.schemas import (
    AccountTimeline,
    ObjectionTimeline,
    TimelineEntry,
    TrainingStartOut,
)
from api.policy.jurisdictions import TrainingStart, facts, jurisdiction_of, training_start
from api.preferences import service as preferences
from api.preferences.schemas import LinkedAccountOut

Coverage = tuple[str, date | None, str | None]  # what may be used, covered from, its source


def objection_timeline(session: Session, *, account_id: str, today: date) -> ObjectionTimeline:
    current = preferences.get_preferences(session, account_id=account_id)
    region = current.region
    jurisdiction = jurisdiction_of(region)
    if region is None or jurisdiction is None:
        unknown = "Unknown until you set your region: when training began depends on it."
        return ObjectionTimeline(
            region=None,
            objection_right=None,
            policy_version=None,
            training_started=None,
            accounts=[_account(a, [], (unknown, None, None)) for a in current.accounts],
        )
    start, version = training_start(region, today)
    right = jurisdiction.law is not None
    disputed = jurisdiction.objections_disputed_before if right else None
    accounts = []
    for account in current.accounts:
        entries = _entries(account, start, disputed)
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
        entries=sorted(entries, key=lambda entry: entry.on),
        may_already_be_used=used,
        covered_from=covered_from,
        source=source,
    )


def _entries(
    account: LinkedAccountOut, start: TrainingStart | None, disputed: date | None
) -> list[TimelineEntry]:
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
    if objection.submitted_on is not None:
        entries.append(_yours(objection.submitted_on, "objection_submitted", "You objected."))
    if objection.confirmed_on is not None:
        text = "Meta confirmed your objection."
        entries.append(_yours(objection.confirmed_on, "objection_confirmed", text))
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


def _yours(on: date, what: str, text: str) -> TimelineEntry:
    return TimelineEntry.model_validate(
        {"on": on, "what": what, "text": text, "source": None, "basis": "your_record"}
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
