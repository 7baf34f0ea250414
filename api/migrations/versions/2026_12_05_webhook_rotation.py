"""Webhook secret rotation: the replaced secret and the end of its overlap window.

Revision ID: b2c3d4e5f6a6
Revises: b2c3d4e5f6a5
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import api.sqltypes

revision: str = "b2c3d4e5f6a6"
down_revision: str | None = "b2c3d4e5f6a5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("webhook_endpoints") as batch:
        batch.add_column(sa.Column("previous_secret", sa.String(length=100), nullable=True))
        batch.add_column(
            sa.Column(
                "previous_secret_until", api.sqltypes.UTCDateTime(timezone=True), nullable=True
            )
        )


def downgrade() -> None:
    # Stepping down ends any overlap: deliveries are signed with the current secret only.
    with op.batch_alter_table("webhook_endpoints") as batch:
        batch.drop_column("previous_secret_until")
        batch.drop_column("previous_secret")
