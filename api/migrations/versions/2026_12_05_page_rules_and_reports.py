"""Page rules (signed data documents) and "this page looks wrong" reports.

Revision ID: c3d4e5f6a7b8
Revises: b2c3d4e5f6a6
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import api.sqltypes

revision: str = "c3d4e5f6a7b8"
down_revision: str | None = "b2c3d4e5f6a6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "page_rules",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("signed", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("kid", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("published_at", api.sqltypes.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("version", name=op.f("pk_page_rules")),
    )
    op.create_table(
        "page_reports",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("received_at", api.sqltypes.UTCDateTime(timezone=True), nullable=False),
        sa.Column("rules_version", sa.Integer(), nullable=False),
        sa.Column("platform", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("path_shape", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("shape_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("shape", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("found", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_page_reports")),
    )
    with op.batch_alter_table("page_reports") as batch:
        batch.create_index(batch.f("ix_page_reports_received_at"), ["received_at"])
        batch.create_index(batch.f("ix_page_reports_rules_version"), ["rules_version"])
        batch.create_index(batch.f("ix_page_reports_shape_hash"), ["shape_hash"])


def downgrade() -> None:
    # Reports and published rules go with their tables; the extension keeps its bundled rules.
    with op.batch_alter_table("page_reports") as batch:
        batch.drop_index(batch.f("ix_page_reports_shape_hash"))
        batch.drop_index(batch.f("ix_page_reports_rules_version"))
        batch.drop_index(batch.f("ix_page_reports_received_at"))
    op.drop_table("page_reports")
    op.drop_table("page_rules")
