"""The change feed behind the bulk-check index: which profiles may have changed, in order."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from api.sqltypes import UTCDateTime, utcnow


class CheckChange(SQLModel, table=True):
    """A (platform, profile) whose listed state may have changed; `seq` is the feed's version."""

    __tablename__ = "check_changes"

    seq: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    profile: str = Field(max_length=64)
    changed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
