"""Failed sign-ins are counted per client address and identifier.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06 08:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TABLE = "icare_login_failures"


def _create() -> None:
    op.create_table(
        TABLE,
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("login", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("client", "login"),
    )
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f(f"ix_{TABLE}_last_failure_at"), ["last_failure_at"], unique=False
        )


def _drop() -> None:
    op.drop_table(TABLE)  # its index with it


def upgrade() -> None:
    # The counts were per identifier; they last minutes, so they are dropped, not carried over.
    _drop()
    _create()


def downgrade() -> None:
    _drop()
    op.create_table(
        TABLE,
        sa.Column("login", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("login"),
    )
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f(f"ix_{TABLE}_last_failure_at"), ["last_failure_at"], unique=False
        )
