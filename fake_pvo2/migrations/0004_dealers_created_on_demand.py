"""The dealers created on demand (`POST /__admin/dealers`), kept across resets.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 07:07:11.209148
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pvo2_admin_dealer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("dealer", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("pvo2_admin_dealer")
