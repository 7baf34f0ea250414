"""Proofs that a person owns the Facebook or Instagram profile they list.

Revision ID: b2c3d4e5f6a1
Revises: a1b2c3d4e5f4
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import api.sqltypes

revision: str = "b2c3d4e5f6a1"
down_revision: str | None = "a1b2c3d4e5f4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_VERIFIED = sa.text("state = 'verified'")


def upgrade() -> None:
    op.create_table(
        "profile_proofs",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("account_id", sa.String(length=32), nullable=False),
        sa.Column("platform", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("profile", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("code_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("created_at", api.sqltypes.UTCDateTime(timezone=True), nullable=False),
        sa.Column("verified_at", api.sqltypes.UTCDateTime(timezone=True), nullable=True),
        sa.Column("checked_at", api.sqltypes.UTCDateTime(timezone=True), nullable=True),
        sa.Column("expires_at", api.sqltypes.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_profile_proofs_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profile_proofs")),
    )
    with op.batch_alter_table("profile_proofs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_profile_proofs_account_id"), ["account_id"], unique=False
        )
        batch_op.create_index(
            "ix_profile_proofs_account_profile",
            ["account_id", "platform", "profile"],
            unique=True,
        )
        batch_op.create_index(
            "ix_profile_proofs_verified_profile",
            ["platform", "profile"],
            unique=True,
            sqlite_where=_VERIFIED,
            postgresql_where=_VERIFIED,
        )


def downgrade() -> None:
    with op.batch_alter_table("profile_proofs", schema=None) as batch_op:
        batch_op.drop_index("ix_profile_proofs_verified_profile")
        batch_op.drop_index("ix_profile_proofs_account_profile")
        batch_op.drop_index(batch_op.f("ix_profile_proofs_account_id"))
    op.drop_table("profile_proofs")
