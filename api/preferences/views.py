"""Turning stored rows (ORM objects or plain result rows) into what the API shows."""

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Protocol, cast

from api.platforms import Platform
from api.preferences.objections import ObjectionState
from api.preferences.profiles import profile_url
from api.preferences.schemas import LinkedAccountOut, Objection, PreferencesOut, Scope


class PreferencesRow(Protocol):
    @property
    def region(self) -> str | None: ...
    @property
    def scope(self) -> str: ...
    @property
    def listed(self) -> bool: ...
    @property
    def version(self) -> int: ...
    @property
    def updated_at(self) -> datetime: ...


class LinkedAccountRow(Protocol):
    @property
    def platform(self) -> str: ...
    @property
    def profile(self) -> str | None: ...
    @property
    def objection_state(self) -> str: ...
    @property
    def submitted_on(self) -> date | None: ...
    @property
    def confirmed_on(self) -> date | None: ...
    @property
    def rejected_reason(self) -> str | None: ...
    @property
    def withdrawn_on(self) -> date | None: ...
    @property
    def accounts_center(self) -> bool: ...


def preferences_view(row: PreferencesRow, linked: Sequence[LinkedAccountRow]) -> PreferencesOut:
    # Stored values were validated on the way in; model_construct skips validating them again.
    return PreferencesOut.model_construct(
        region=row.region,
        accounts=[linked_account_view(item) for item in linked],
        scope=cast(Scope, json.loads(row.scope)),
        listed=bool(row.listed),
        version=row.version,
        updated_at=row.updated_at,
    )


def linked_account_view(row: LinkedAccountRow) -> LinkedAccountOut:
    platform = cast(Platform, row.platform)
    return LinkedAccountOut.model_construct(
        platform=platform,
        profile=row.profile,
        profile_url=profile_url(platform, row.profile) if row.profile else None,
        objection=Objection.model_construct(
            state=cast(ObjectionState, row.objection_state),
            submitted_on=row.submitted_on,
            confirmed_on=row.confirmed_on,
            rejected_reason=row.rejected_reason,
            withdrawn_on=row.withdrawn_on,
        ),
        accounts_center=bool(row.accounts_center),
    )


def document_of(preferences: PreferencesOut) -> dict[str, Any]:
    """The preferences as the whole document a PUT takes (and a merge patch applies to)."""
    return {
        "region": preferences.region,
        "accounts": [
            {
                "platform": account.platform,
                "profile": account.profile,
                "objection": account.objection.model_dump(mode="json"),
                "accounts_center": account.accounts_center,
            }
            for account in preferences.accounts
        ],
        "scope": preferences.scope,
        "listed": preferences.listed,
    }
