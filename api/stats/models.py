"""Each organisation's differential-privacy budget for statistics (docs/statistics.md)."""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, String
from sqlmodel import Field, SQLModel

from api.sqltypes import UTCDateTime


class PrivacyBudget(SQLModel, table=True):
    """How much of its ε an organisation has spent in its current period.

    ε is kept in millionths (`spent_micro`), an integer: spending is an exact compare-and-add in
    one UPDATE, with no float drift across many answers.
    """

    __tablename__ = "privacy_budgets"

    organisation_id: str = Field(
        sa_column=Column(
            String(32), ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
        )
    )
    # The period renews `stats_budget_period_days` after this (its first answer).
    period_start: datetime = Field(sa_type=UTCDateTime)
    spent_micro: int = 0
