"""A person's grants to a group: while live, the group may read their opt-out status."""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from api.sqltypes import UTCDateTime, new_id, utcnow


class Authorisation(SQLModel, table=True):
    """One person-to-group grant. Its id is the person's pseudonym towards that group only."""

    __tablename__ = "authorisations"
    __table_args__ = (UniqueConstraint("organisation_id", "account_id"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    organisation_id: str = Field(
        sa_column=Column(
            String(32), ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False
        )
    )
    account_id: str = Field(
        sa_column=Column(
            String(32), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    granted_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
