"""OpenID Connect identities linked to accounts (issuer and subject only).

A person may link several providers, so the one hashed column on `accounts` gives way to a
table of identities, and sign-in attempts under way get their own short-lived table.

Revision ID: a1b2c3d4e5f4
Revises: a1b2c3d4e5f3
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import api.sqltypes

revision: str = "a1b2c3d4e5f4"
down_revision: str | None = "a1b2c3d4e5f3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "oidc_identities",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("account_id", sa.String(length=32), nullable=False),
        sa.Column("provider", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("issuer", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("subject", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("created_at", api.sqltypes.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", api.sqltypes.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_oidc_identities_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oidc_identities")),
        sa.UniqueConstraint("issuer", "subject", name=op.f("uq_oidc_identities_issuer")),
    )
    with op.batch_alter_table("oidc_identities", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_oidc_identities_account_id"), ["account_id"], unique=False
        )

    op.create_table(
        "oidc_flows",
        sa.Column("state_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("provider", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("purpose", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("account_id", sa.String(length=32), nullable=True),
        sa.Column("redirect_uri", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("code_verifier", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("nonce_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("expires_at", api.sqltypes.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_oidc_flows_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("state_hash", name=op.f("pk_oidc_flows")),
    )
    with op.batch_alter_table("oidc_flows", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_oidc_flows_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_oidc_flows_expires_at"), ["expires_at"], unique=False)

    # The placeholder column never held a value: no endpoint wrote it.
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_constraint("uq_accounts_oidc_subject_hash", type_="unique")
        batch_op.drop_column("oidc_subject_hash")


def downgrade() -> None:
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "oidc_subject_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True
            )
        )
        batch_op.create_unique_constraint("uq_accounts_oidc_subject_hash", ["oidc_subject_hash"])

    with op.batch_alter_table("oidc_flows", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oidc_flows_expires_at"))
        batch_op.drop_index(batch_op.f("ix_oidc_flows_account_id"))
    op.drop_table("oidc_flows")

    with op.batch_alter_table("oidc_identities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oidc_identities_account_id"))
    op.drop_table("oidc_identities")
