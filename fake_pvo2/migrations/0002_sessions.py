"""Sign-in sessions of the desk's pages, kept on the server.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 13:19:22.871855
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pvo2_sessions",
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("owner", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id_hash"),
    )
    with op.batch_alter_table("pvo2_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pvo2_sessions_owner"), ["owner"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("pvo2_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pvo2_sessions_owner"))

    op.drop_table("pvo2_sessions")
