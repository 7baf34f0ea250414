"""Sign-ins a person can see and honest concurrent refreshes.

Revision ID: a1b2c3d4e5f1
Revises: d4e5f6a7b8c9
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import api.sqltypes

revision: str = "a1b2c3d4e5f1"
down_revision: str | None = "d4e5f6a7b8c9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _columns() -> tuple[sa.Column[object], ...]:
    # New objects on every call: a Column belongs to one Table once added.
    return (
        sa.Column(
            "previous_secret_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True
        ),
        sa.Column("rotated_at", api.sqltypes.UTCDateTime(timezone=True), nullable=True),
        sa.Column("rotation_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("label", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column("last_used_at", api.sqltypes.UTCDateTime(timezone=True), nullable=True),
    )


def upgrade() -> None:
    with op.batch_alter_table("auth_sessions") as batch:
        for column in _columns():
            batch.add_column(column)


def downgrade() -> None:
    with op.batch_alter_table("auth_sessions") as batch:
        for column in reversed(_columns()):
            batch.drop_column(column.name)
