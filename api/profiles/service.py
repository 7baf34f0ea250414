"""Proving that a listed profile is the person's own, and keeping the proof current.

A profile reaches dataset builders (bulk checks, the check index, member lists) only while its
owner holds a `verified` proof of it: a one-time code found on the profile's public page. Every
change of a proof's standing records a checks feed row for the profile (and the index is nudged
after the commit) and an event in the person's history, whose append takes the ledger's head
lock that feed writers hold (api/checks/feed.py).

The page is fetched outside any transaction: `pending_hash` reads what to look for, the caller
fetches, and `conclude` or `rechecked` writes what was found.

The checks feed is passed in (`FeedWriter`, which is `api.checks.feed.record`): the check index
reads proofs, so this package cannot import `api.checks` without a cycle.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import delete
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from api.db import after_commit
from api.ledger import service as ledger
from api.nudges import Nudges
from api.platforms import Platform
from api.preferences.models import LinkedAccount
from api.profiles import codes
from api.profiles.errors import (
    AlreadyProved,
    CodeExpired,
    CodeNotOnPage,
    ProfileNotListed,
    ProofNotFound,
    ProvedByAnother,
)
from api.profiles.models import LAPSED, PENDING, VERIFIED, ProfileProof
from api.sqltypes import utcnow

PROFILE_VERIFIED = "profile.verified"
PROFILE_LAPSED = "profile.lapsed"
PROFILE_DROPPED = "profile.proof_dropped"

Key = tuple[str, str]  # (platform, canonical profile)


class FeedWriter(Protocol):
    """Records, in the transaction, that these profiles' listing may have changed."""

    def __call__(self, connection: Connection, keys: Iterable[Key], *, at: datetime) -> None: ...


@dataclass(frozen=True)
class IssuedCode:
    proof: ProfileProof
    code: str  # shown once, never stored


def proofs_of(session: Session, *, account_id: str) -> list[ProfileProof]:
    return list(
        session.exec(
            select(ProfileProof)
            .where(col(ProfileProof.account_id) == account_id)
            .order_by(col(ProfileProof.platform), col(ProfileProof.profile))
        )
    )


def linked_profiles(session: Session, *, account_id: str) -> list[Key]:
    """The person's named profiles, in their preferences' order."""
    rows = session.exec(
        select(LinkedAccount.platform, LinkedAccount.profile)
        .where(col(LinkedAccount.account_id) == account_id)
        .where(col(LinkedAccount.profile).is_not(None))
        .order_by(col(LinkedAccount.position))
    )
    return [(platform, profile) for platform, profile in rows if profile is not None]


def proof_of(
    session: Session, *, account_id: str, platform: Platform, profile: str, lock: bool = False
) -> ProfileProof | None:
    query = (
        select(ProfileProof)
        .where(col(ProfileProof.account_id) == account_id)
        .where(col(ProfileProof.platform) == platform)
        .where(col(ProfileProof.profile) == profile)
    )
    return session.exec(query.with_for_update() if lock else query).first()


def issue_code(
    session: Session, *, account_id: str, platform: Platform, profile: str, ttl: timedelta
) -> IssuedCode:
    """A new code for one of the person's listed profiles; it replaces an earlier one."""
    _require_listed(session, account_id, platform, profile)
    proof = proof_of(session, account_id=account_id, platform=platform, profile=profile, lock=True)
    if proof is not None and proof.state == VERIFIED:
        raise AlreadyProved(
            f"Your {platform} profile {profile} is proved. To prove it again with a new code, "
            "remove the proof first."
        )
    code, now = codes.new_code(), utcnow()
    if proof is None:
        proof = ProfileProof(
            account_id=account_id, platform=platform, profile=profile, code_hash=""
        )
    proof.code_hash, proof.state = codes.code_hash(code), PENDING
    proof.created_at, proof.expires_at, proof.verified_at = now, now + ttl, None
    session.add(proof)
    session.flush()
    return IssuedCode(proof=proof, code=code)


def pending_hash(session: Session, *, account_id: str, platform: Platform, profile: str) -> str:
    """The hash to look for on the page; refuses when there is nothing to check."""
    _require_listed(session, account_id, platform, profile)
    proof = proof_of(session, account_id=account_id, platform=platform, profile=profile)
    if proof is None:
        raise ProofNotFound(f"Ask for a code for this {platform} profile first.")
    if proof.state == PENDING and proof.expires_at is not None and proof.expires_at <= utcnow():
        raise CodeExpired(
            f"The code for {platform} profile {profile} has expired; ask for a new one."
        )
    return proof.code_hash


def conclude(
    session: Session,
    *,
    account_id: str,
    platform: Platform,
    profile: str,
    found: set[str],
    feed: FeedWriter,
    nudges: Nudges,
) -> ProfileProof:
    """Record what the page showed (`found`: the hashes of the codes on it).

    The page is the authority: the person's code on it proves the profile theirs. Another
    account's verified proof of the same profile whose code is no longer there lapses; one whose
    code is there too is a dispute the service cannot settle, and the request is refused (409).
    """
    _require_listed(session, account_id, platform, profile)
    proof = proof_of(session, account_id=account_id, platform=platform, profile=profile, lock=True)
    if proof is None:
        raise ProofNotFound(f"Ask for a code for this {platform} profile first.")
    now = utcnow()
    if proof.state == PENDING and proof.expires_at is not None and proof.expires_at <= now:
        raise CodeExpired(
            f"The code for {platform} profile {profile} has expired; ask for a new one."
        )
    if proof.code_hash not in found:
        if proof.state == VERIFIED:
            # The person asked us to look again and the code is gone: it no longer proves.
            _lapse(session, proof, now, feed, nudges)
            return proof
        raise CodeNotOnPage(
            f"Your code was not found on the public page of {platform} profile {profile}. Put "
            "it in the profile's bio or a public post, make sure the page is public, then check "
            "again."
        )
    if proof.state == VERIFIED:
        proof.checked_at = now
        session.add(proof)
        return proof
    holder = _verified_holder(session, platform, profile)
    if holder is not None:
        if holder.code_hash in found:
            raise ProvedByAnother(
                f"Another account has already proved {platform} profile {profile}, and its code "
                "is on the page as well as yours. Only one account can prove a profile: remove "
                "the code you do not want to keep from the page and check again."
            )
        _lapse(session, holder, now, feed, nudges)
    proof.state, proof.verified_at, proof.checked_at, proof.expires_at = VERIFIED, now, now, None
    session.add(proof)
    try:
        session.flush()
    except IntegrityError:  # another account's proof of this profile committed first
        raise ProvedByAnother(
            f"Another account has just proved {platform} profile {profile}; only one can hold it."
        ) from None
    _changed(session, proof, PROFILE_VERIFIED, now, feed, nudges)
    return proof


def mark_verified(
    session: Session,
    *,
    account_id: str,
    platform: Platform,
    profile: str,
    feed: FeedWriter,
    nudges: Nudges,
) -> ProfileProof:
    """Record a proof as verified without looking at a page (how tests set up proved
    profiles). Refuses (409) when another account holds the profile: with no
    page to decide, the holder keeps it."""
    held = proof_of(session, account_id=account_id, platform=platform, profile=profile)
    if held is not None and held.state == VERIFIED:
        return held
    if _verified_holder(session, platform, profile) is not None:
        raise ProvedByAnother(f"Another account has already proved {platform} profile {profile}.")
    issued = issue_code(
        session, account_id=account_id, platform=platform, profile=profile, ttl=timedelta(minutes=1)
    )
    return conclude(
        session,
        account_id=account_id,
        platform=platform,
        profile=profile,
        found={issued.proof.code_hash},
        feed=feed,
        nudges=nudges,
    )


def due_for_recheck(session: Session, *, older_than: datetime, limit: int) -> list[ProfileProof]:
    """Verified proofs last looked at before `older_than`, the oldest first."""
    return list(
        session.exec(
            select(ProfileProof)
            .where(col(ProfileProof.state) == VERIFIED)
            .where(col(ProfileProof.checked_at) < older_than)
            .order_by(col(ProfileProof.checked_at))
            .limit(limit)
        )
    )


def rechecked(
    session: Session, *, proof_id: str, found: set[str] | None, feed: FeedWriter, nudges: Nudges
) -> str | None:
    """Record a periodic look at a verified proof's page: still there, or lapsed. `found` is
    None when the page could not be read: the proof stands and is looked at next round.
    Returns the proof's state, or None when it is gone meanwhile."""
    proof = session.exec(
        select(ProfileProof).where(col(ProfileProof.id) == proof_id).with_for_update()
    ).first()
    if proof is None or proof.state != VERIFIED:
        return None if proof is None else proof.state
    now = utcnow()
    if found is not None and proof.code_hash not in found:
        _lapse(session, proof, now, feed, nudges)
    else:
        proof.checked_at = now
        session.add(proof)
    return proof.state


def drop(
    session: Session,
    *,
    account_id: str,
    platform: Platform,
    profile: str,
    feed: FeedWriter,
    nudges: Nudges,
) -> None:
    proof = proof_of(session, account_id=account_id, platform=platform, profile=profile, lock=True)
    if proof is None:
        raise ProofNotFound(f"You hold no proof of this {platform} profile.")
    _drop(session, [proof], feed, nudges)


def forget_unlinked(
    session: Session, *, account_id: str, linked: set[Key], feed: FeedWriter, nudges: Nudges
) -> None:
    """Drop the proofs of profiles the person no longer lists (called on every change of
    their preferences, after its ledger event)."""
    stale = [
        proof
        for proof in proofs_of(session, account_id=account_id)
        if (proof.platform, proof.profile) not in linked
    ]
    if stale:
        _drop(session, stale, feed, nudges)


def verified_keys(session: Session, *, account_ids: list[str]) -> set[tuple[str, str, str]]:
    """(account id, platform, profile) of each verified proof of these accounts."""
    if not account_ids:
        return set()
    rows = session.exec(
        select(ProfileProof.account_id, ProfileProof.platform, ProfileProof.profile)
        .where(col(ProfileProof.account_id).in_(account_ids))
        .where(col(ProfileProof.state) == VERIFIED)
    )
    return {(account_id, platform, profile) for account_id, platform, profile in rows}


def _require_listed(session: Session, account_id: str, platform: str, profile: str) -> None:
    if (platform, profile) not in set(linked_profiles(session, account_id=account_id)):
        raise ProfileNotListed(
            f"This {platform} profile is not in your preferences; add it there first."
        )


def _verified_holder(session: Session, platform: str, profile: str) -> ProfileProof | None:
    return session.exec(
        select(ProfileProof)
        .where(col(ProfileProof.platform) == platform)
        .where(col(ProfileProof.profile) == profile)
        .where(col(ProfileProof.state) == VERIFIED)
        .with_for_update()
    ).first()


def _lapse(
    session: Session, proof: ProfileProof, now: datetime, feed: FeedWriter, nudges: Nudges
) -> None:
    proof.state, proof.checked_at = LAPSED, now
    session.add(proof)
    session.flush()  # before another proof of the profile may become verified
    _changed(session, proof, PROFILE_LAPSED, now, feed, nudges)


def _drop(session: Session, proofs: list[ProfileProof], feed: FeedWriter, nudges: Nudges) -> None:
    now = utcnow()
    verified = [proof for proof in proofs if proof.state == VERIFIED]
    session.exec(delete(ProfileProof).where(col(ProfileProof.id).in_([p.id for p in proofs])))
    for proof in verified:
        _changed(session, proof, PROFILE_DROPPED, now, feed, nudges)


def _changed(
    session: Session,
    proof: ProfileProof,
    type: str,
    at: datetime,
    feed: FeedWriter,
    nudges: Nudges,
) -> None:
    # Logged first: its append takes the ledger's head lock, which feed writers hold.
    ledger.append(
        session,
        type=type,
        account_id=proof.account_id,
        payload={"platform": proof.platform, "profile": proof.profile},
    )
    feed(session.connection(), [(proof.platform, proof.profile)], at=at)
    after_commit(session, nudges.check_index)
