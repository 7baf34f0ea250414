"""Stored answers to writes sent with an Idempotency-Key.

Revision ID: b2c3d4e5f6a3
Revises: b2c3d4e5f6a2
Create Date: 2026-12-05
"""

from collections.abc import Sequence

revision: str = "b2c3d4e5f6a3"
down_revision: str | None = "b2c3d4e5f6a2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
