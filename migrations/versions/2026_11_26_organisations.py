"""Organisations: API keys, campaigns, authorisations, webhooks and bulk checks.

Revision ID: 0a9b8c7d6e5f
Revises: e1d2c3b4a5f6
Create Date: 2026-11-26
"""

from collections.abc import Sequence

revision: str = "0a9b8c7d6e5f"
down_revision: str | None = "e1d2c3b4a5f6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
