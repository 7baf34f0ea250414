"""Each organisation's differential-privacy budget spent on statistics.

Revision ID: b2c3d4e5f6a2
Revises: b2c3d4e5f6a1
Create Date: 2026-12-05
"""

from collections.abc import Sequence

revision: str = "b2c3d4e5f6a2"
down_revision: str | None = "b2c3d4e5f6a1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
