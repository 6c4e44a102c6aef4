"""Drafts keep what the dealer typed that no draft value can hold (`typed`).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 08:18:15.653341
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cz_declarations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("typed", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cz_declarations", schema=None) as batch_op:
        batch_op.drop_column("typed")
