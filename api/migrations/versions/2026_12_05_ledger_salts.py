"""Salted payload hashes and opaque public proofs in the event log.

Events already written keep their hashes (published heads stay valid): the new `hash_format`
column says 1 for them, and new events are written in format 2 with a private `salt`
(api/ledger/chain.py). Stepping down sets the format-2 events' salts and formats aside in
`ledger_salts_kept` (only when there are any), which the upgrade restores and drops, so a round
trip keeps every event verifiable. Code of the older revisions cannot verify format-2 events.

Revision ID: b2c3d4e5f6a4
Revises: b2c3d4e5f6a3
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b2c3d4e5f6a4"
down_revision: str | None = "b2c3d4e5f6a3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KEPT = "ledger_salts_kept"


def upgrade() -> None:
    with op.batch_alter_table("ledger_events") as batch:
        batch.add_column(sa.Column("salt", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("hash_format", sa.Integer(), nullable=False, server_default="1"))
    if _KEPT in sa.inspect(op.get_bind()).get_table_names():
        # A payload forgotten while stepped down stays forgotten: its salt is not restored.
        op.execute(
            "UPDATE ledger_events SET hash_format = (SELECT k.hash_format FROM ledger_salts_kept k"
            " WHERE k.seq = ledger_events.seq), salt = CASE WHEN payload IS NULL THEN NULL"
            " ELSE (SELECT k.salt FROM ledger_salts_kept k WHERE k.seq = ledger_events.seq) END"
            " WHERE seq IN (SELECT seq FROM ledger_salts_kept)"
        )
        op.drop_table(_KEPT)


def downgrade() -> None:
    salted = (
        op.get_bind()
        .execute(sa.text("SELECT count(*) FROM ledger_events WHERE hash_format <> 1"))
        .scalar_one()
    )
    if salted:  # nothing to keep, no table left behind
        op.create_table(
            _KEPT,
            sa.Column("seq", sa.Integer(), autoincrement=False, primary_key=True),
            sa.Column("salt", sa.String(length=32), nullable=True),
            sa.Column("hash_format", sa.Integer(), nullable=False),
        )
        op.execute(
            "INSERT INTO ledger_salts_kept (seq, salt, hash_format)"
            " SELECT seq, salt, hash_format FROM ledger_events WHERE hash_format <> 1"
        )
    with op.batch_alter_table("ledger_events") as batch:
        batch.drop_column("hash_format")
        batch.drop_column("salt")
