"""What the downloads hold: a person's whole record; one dataset of an organisation's."""

from datetime import datetime

from pydantic import BaseModel

from api.ledger.schemas import HistoryEntry
from api.preferences.schemas import PreferencesOut


class SignInRecord(BaseModel):
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None


class AccountExport(BaseModel):
    account_id: str
    created_at: datetime
    preferences: PreferencesOut
    history: list[HistoryEntry]
    sign_ins: list[SignInRecord]


class ExportOut(BaseModel):
    """One dataset of the organisation's own data; `columns` orders each row's keys."""

    dataset: str
    columns: list[str]
    rows: list[dict[str, str | int | bool | None]]
