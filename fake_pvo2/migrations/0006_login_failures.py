"""Failed sign-ins of the desk, per client address and login.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 08:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TABLE = "pvo2_login_failures"


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
    _create()


def downgrade() -> None:
    _drop()
