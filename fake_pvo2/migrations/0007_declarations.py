"""What each order's declaration to each garantisseur has become: draft, declared, refused,
policy.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 07:46:57.290428
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pvo2_declarations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("garantisseur", sa.String(length=60), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("declaration_id", sa.String(length=40), nullable=True),
        sa.Column("form_url", sa.String(length=1000), nullable=True),
        sa.Column("number", sa.String(length=40), nullable=True),
        sa.Column("contract_number", sa.String(length=40), nullable=True),
        sa.Column("myicare_url", sa.String(length=1000), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("policy_number", sa.String(length=40), nullable=True),
        sa.Column("premium", sa.String(length=20), nullable=True),
        sa.Column("messages", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dossier_id"],
            ["pvo2_dossiers.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dossier_id", "garantisseur"),
    )
    with op.batch_alter_table("pvo2_declarations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pvo2_declarations_dossier_id"), ["dossier_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("pvo2_declarations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pvo2_declarations_dossier_id"))

    op.drop_table("pvo2_declarations")
