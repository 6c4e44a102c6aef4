"""The tables as `create_all` made them before the migrations existed.

Revision ID: 0001
Revises:
Create Date: 2026-11-27 10:08:03.624386
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "icare_dealers",
        sa.Column("icare_id", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("code_rrdi", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("icare_id"),
    )
    op.create_table(
        "icare_login_failures",
        sa.Column("login", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("login"),
    )
    with op.batch_alter_table("icare_login_failures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_icare_login_failures_last_failure_at"), ["last_failure_at"], unique=False
        )

    op.create_table(
        "icare_sequences",
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
        info={"keep_on_reset": True},
    )
    op.create_table(
        "icare_sessions",
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("owner", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id_hash"),
    )
    with op.batch_alter_table("icare_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_icare_sessions_owner"), ["owner"], unique=False)

    op.create_table(
        "icare_contracts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_number", sa.String(length=20), nullable=False),
        sa.Column("declaration_ref", sa.String(length=64), nullable=False),
        sa.Column("dealer_icare_id", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("vin", sa.String(length=17), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["dealer_icare_id"],
            ["icare_dealers.icare_id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("contract_number"),
        sa.UniqueConstraint("declaration_ref"),
    )
    with op.batch_alter_table("icare_contracts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_icare_contracts_dealer_icare_id"), ["dealer_icare_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_icare_contracts_vin"), ["vin"], unique=False)

    op.create_table(
        "icare_admin_fault",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.JSON(), nullable=False),
        sa.Column("remaining", sa.Integer(), nullable=True),
        sa.Column("draws", sa.Integer(), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "icare_admin_journal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("path", sa.String(length=2048), nullable=False),
        sa.Column("who", sa.String(length=200), nullable=True),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("entry", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "icare_admin_setting",
        sa.Column("key", sa.String(length=50), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade() -> None:
    op.drop_table("icare_admin_setting")
    op.drop_table("icare_admin_journal")
    op.drop_table("icare_admin_fault")
    with op.batch_alter_table("icare_contracts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_icare_contracts_vin"))
        batch_op.drop_index(batch_op.f("ix_icare_contracts_dealer_icare_id"))

    op.drop_table("icare_contracts")
    with op.batch_alter_table("icare_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_icare_sessions_owner"))

    op.drop_table("icare_sessions")
    op.drop_table("icare_sequences")
    with op.batch_alter_table("icare_login_failures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_icare_login_failures_last_failure_at"))

    op.drop_table("icare_login_failures")
    op.drop_table("icare_dealers")
