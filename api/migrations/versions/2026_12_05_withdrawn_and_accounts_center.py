"""Linked accounts: the day an objection was withdrawn, and whether the account shares a Meta
Accounts Center with the person's other accounts marked so (one objection covers them all).

Revision ID: d4e5f6a7b8c0
Revises: c3d4e5f6a7b8
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d4e5f6a7b8c0"
down_revision: str | None = "c3d4e5f6a7b8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("linked_accounts") as batch:
        batch.add_column(sa.Column("withdrawn_on", sa.Date(), nullable=True))
        batch.add_column(
            sa.Column("accounts_center", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    # Older releases know no withdrawal: a withdrawn objection steps down to "not_started",
    # its submission day dropped with it, so no stored state is one they would refuse.
    linked = sa.table(
        "linked_accounts",
        sa.column("objection_state", sa.String()),
        sa.column("submitted_on", sa.Date()),
    )
    op.execute(
        linked.update()
        .where(linked.c.objection_state == "withdrawn")
        .values(objection_state="not_started", submitted_on=None)
    )
    with op.batch_alter_table("linked_accounts") as batch:
        batch.drop_column("accounts_center")
        batch.drop_column("withdrawn_on")
