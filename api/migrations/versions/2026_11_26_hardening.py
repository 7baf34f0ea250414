"""Hardening and scale-out.

Revision ID: d4e5f6a7b8c9
Revises: 0a9b8c7d6e5f
Create Date: 2026-11-26
"""

from collections.abc import Sequence

revision: str = "d4e5f6a7b8c9"
down_revision: str | None = "0a9b8c7d6e5f"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
