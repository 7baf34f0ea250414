"""Recovery codes and one-time codes that link a second device.

Revision ID: a1b2c3d4e5f3
Revises: a1b2c3d4e5f2
Create Date: 2026-12-04
"""

from collections.abc import Sequence

revision: str = "a1b2c3d4e5f3"
down_revision: str | None = "a1b2c3d4e5f2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
