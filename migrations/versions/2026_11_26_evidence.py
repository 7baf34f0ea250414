"""Evidence: receipts and objection tracking (filled in by the evidence work).

Revision ID: e1d2c3b4a5f6
Revises: 1fcca3b618f4
Create Date: 2026-11-26
"""

from collections.abc import Sequence

revision: str = "e1d2c3b4a5f6"
down_revision: str | None = "1fcca3b618f4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
