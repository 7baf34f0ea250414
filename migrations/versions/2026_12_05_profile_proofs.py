"""Proofs that a person owns the Facebook or Instagram profile they list.

Revision ID: b2c3d4e5f6a1
Revises: a1b2c3d4e5f4
Create Date: 2026-12-05
"""

from collections.abc import Sequence

revision: str = "b2c3d4e5f6a1"
down_revision: str | None = "a1b2c3d4e5f4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
