"""The in-memory index behind bulk checks: the lookup keys of every listed opt-out, per platform.
A profile counts only while its owner holds a verified proof of it (api/profiles).

Loaded whole at start; then kept in step through the change feed (`feed.py`): right after each
commit in this process, on PostgreSQL NOTIFY from other replicas, and by polling the feed's
version (`seq`) every few seconds. A full reload now and then is the safety net. Readers never
lock: a membership test on a set is atomic, and a reload swaps in whole new sets.
"""

import json
import threading
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import ColumnElement, String, and_, bindparam, func
from sqlalchemy import column as column_
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from api.checks import feed
from api.checks.identifiers import lookup_key
from api.db import session_scope
from api.platforms import PLATFORMS
from api.preferences.models import LinkedAccount, Preferences
from api.profiles.models import VERIFIED, ProfileProof

_BATCH = 1000


class CheckIndex:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._keys: dict[str, set[str]] = {platform: set() for platform in PLATFORMS}
        self._seq = 0
        self._loaded = threading.Event()
        self._apply = threading.Lock()  # one catch-up at a time
        self._reload = threading.Lock()  # one reload at a time

    @property
    def version(self) -> int:
        """The last feed `seq` applied."""
        return self._seq

    @property
    def loaded(self) -> bool:
        return self._loaded.is_set()

    def __len__(self) -> int:
        return sum(len(keys) for keys in self._keys.values())

    def keys(self, platform: str) -> set[str]:
        self.ensure_loaded()
        return self._keys[platform]

    def ensure_loaded(self) -> None:
        if not self._loaded.is_set():
            self.reload()

    def reload(self) -> None:
        """Read every listed profile afresh, swap the sets in, then replay what changed since."""
        with self._reload:
            with session_scope(self._engine, write=False) as session:
                start = feed.latest_seq(session)
                fresh: dict[str, set[str]] = {platform: set() for platform in PLATFORMS}
                for platform, profile in _all_listed(session):
                    fresh.setdefault(platform, set()).add(lookup_key(profile))
            with self._apply:
                self._keys, self._seq = fresh, start
                self._loaded.set()
        self.catch_up()

    def catch_up(self) -> int:
        """Apply the feed past our version; how many changes were applied. Before the first
        load there is nothing to bring up to date: the load reads the current state."""
        if not self._loaded.is_set():
            return 0
        applied = 0
        with self._apply:
            while True:
                with session_scope(self._engine, write=False) as session:
                    changes = feed.changes_after(session, self._seq, limit=_BATCH)
                    touched = {(platform, profile) for _seq, platform, profile in changes}
                    listed = _listed_among(session, touched)
                for platform, profile in touched:
                    keys = self._keys.setdefault(platform, set())
                    if (platform, profile) in listed:
                        keys.add(lookup_key(profile))
                    else:
                        keys.discard(lookup_key(profile))
                if changes:
                    self._seq = changes[-1][0]
                applied += len(changes)
                if len(changes) < _BATCH:
                    return applied


def _all_listed(session: Session) -> Iterator[tuple[str, str]]:
    query = (
        select(LinkedAccount.platform, LinkedAccount.profile)
        .join(Preferences, col(Preferences.account_id) == col(LinkedAccount.account_id))
        .join(ProfileProof, _proved())
        .where(col(Preferences.listed))
        .where(col(LinkedAccount.profile).is_not(None))
        .execution_options(yield_per=10_000)
    )
    for platform, profile in session.exec(query):
        if profile is not None:
            yield platform, profile


def _proved() -> ColumnElement[bool]:
    """A linked profile's owner holds a verified proof of it: an unproved claim is the
    person's own record and never reaches dataset builders (api/profiles)."""
    return and_(
        col(ProfileProof.account_id) == col(LinkedAccount.account_id),
        col(ProfileProof.platform) == col(LinkedAccount.platform),
        col(ProfileProof.profile) == col(LinkedAccount.profile),
        col(ProfileProof.state) == VERIFIED,
    )


def listed_profiles(session: Session, platform: str, profiles: Iterable[str]) -> set[str]:
    """Which of these canonical profiles of one platform are listed and proved (the database's
    answer).

    The profiles go as one parameter, not thousands: a JSON list on SQLite, an array on
    PostgreSQL joined through `unnest` (one index probe per profile; `= ANY` would have the
    planner scan both tables whole).
    """
    wanted = list(profiles)
    if not wanted:
        return set()
    profile = col(LinkedAccount.profile)
    if session.get_bind().dialect.name == "postgresql":
        array = bindparam("profiles", wanted, type_=postgresql.ARRAY(String))
        given = func.unnest(array).table_valued("profile").render_derived()
        query = select(profile).select_from(given).join(LinkedAccount, profile == given.c.profile)
    else:
        each: Any = select(column_("value")).select_from(func.json_each(json.dumps(wanted)))
        query = select(profile).where(profile.in_(each))
    query = (
        query.join(Preferences, col(Preferences.account_id) == col(LinkedAccount.account_id))
        .join(ProfileProof, _proved())
        .where(col(Preferences.listed))
        .where(col(LinkedAccount.platform) == platform)
    )
    return {found for found in session.exec(query) if found is not None}


def _listed_among(session: Session, keys: set[tuple[str, str]]) -> set[tuple[str, str]]:
    by_platform: dict[str, list[str]] = {}
    for platform, profile in keys:
        by_platform.setdefault(platform, []).append(profile)
    return {
        (platform, profile)
        for platform, profiles in by_platform.items()
        for profile in listed_profiles(session, platform, profiles)
    }
