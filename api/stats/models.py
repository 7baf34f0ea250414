"""Each organisation's differential-privacy budget for statistics, and the answers it already
paid for (docs/statistics.md)."""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, String, Text
from sqlmodel import Field, SQLModel

from api.sqltypes import UTCDateTime, utcnow


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


class ReleasedStatistics(SQLModel, table=True):
    """An answer already released to an organisation, kept for the rest of its budget period.

    Asked again in the same period over the same data, the question gets this answer back at
    no cost: it is released data, and handing it out again is post-processing. A row lives at
    most one period (pruned when the next one starts), and each row was paid for, so the budget
    also bounds how many an organisation has.
    """

    __tablename__ = "released_statistics"

    organisation_id: str = Field(
        sa_column=Column(
            String(32), ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
        )
    )
    # SHA-256 of the normalised question (grouping, filters, weeks listed, ε per answer).
    question: str = Field(primary_key=True, max_length=64)
    # The budget period that paid for it (`PrivacyBudget.period_start` then).
    period_start: datetime = Field(sa_type=UTCDateTime)
    # SHA-256 of every record the answer was computed on: never released, only compared.
    data_version: str = Field(max_length=64)
    # The released `Statistics`, as JSON.
    answer: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
