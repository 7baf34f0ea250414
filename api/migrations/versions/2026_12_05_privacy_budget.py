"""Each organisation's differential-privacy budget spent on statistics.

Revision ID: b2c3d4e5f6a2
Revises: b2c3d4e5f6a1
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import api.sqltypes

revision: str = "b2c3d4e5f6a2"
down_revision: str | None = "b2c3d4e5f6a1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "privacy_budgets",
        sa.Column("organisation_id", sa.String(length=32), nullable=False),
        sa.Column("period_start", api.sqltypes.UTCDateTime(timezone=True), nullable=False),
        sa.Column("spent_micro", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_privacy_budgets_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("organisation_id", name=op.f("pk_privacy_budgets")),
    )


def downgrade() -> None:
    op.drop_table("privacy_budgets")
