"""Sign-ins a person can see and honest concurrent refreshes.

Revision ID: a1b2c3d4e5f1
Revises: d4e5f6a7b8c9
Create Date: 2026-12-04
"""

from collections.abc import Sequence

revision: str = "a1b2c3d4e5f1"
down_revision: str | None = "d4e5f6a7b8c9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
