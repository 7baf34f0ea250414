"""Salted payload hashes and opaque public proofs in the event log.

Revision ID: b2c3d4e5f6a4
Revises: b2c3d4e5f6a3
Create Date: 2026-12-05
"""

from collections.abc import Sequence

revision: str = "b2c3d4e5f6a4"
down_revision: str | None = "b2c3d4e5f6a3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
