"""Statistics answers already released, kept for the rest of their budget period.

Revision ID: b2c3d4e5f6a5
Revises: b2c3d4e5f6a4
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import api.sqltypes

revision: str = "b2c3d4e5f6a5"
down_revision: str | None = "b2c3d4e5f6a4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "released_statistics",
        sa.Column("organisation_id", sa.String(length=32), nullable=False),
        sa.Column("question", sa.String(length=64), nullable=False),
        sa.Column("period_start", api.sqltypes.UTCDateTime(timezone=True), nullable=False),
        sa.Column("data_version", sa.String(length=64), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("created_at", api.sqltypes.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_released_statistics_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("organisation_id", "question", name=op.f("pk_released_statistics")),
    )


def downgrade() -> None:
    op.drop_table("released_statistics")
