"""The tables as `create_all` made them before the migrations existed.

Revision ID: 0001
Revises:
Create Date: 2026-11-27 10:08:03.255312
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
        "cz_dealers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_rrdi", sa.String(length=16), nullable=False),
        sa.Column("code_t", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("address", sa.String(length=100), nullable=False),
        sa.Column("postal_code", sa.String(length=5), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=False),
        sa.Column("email", sa.String(length=100), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("profile_configured", sa.Boolean(), nullable=False),
        sa.Column("icare_id", sa.String(length=20), nullable=True),
        sa.Column("autogarantie", sa.Boolean(), nullable=False),
        sa.Column("cirano", sa.Boolean(), nullable=False),
        sa.Column("cirano_id", sa.String(length=20), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code_rrdi"),
    )
    op.create_table(
        "cz_login_failures",
        sa.Column("login", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("login"),
    )
    with op.batch_alter_table("cz_login_failures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cz_login_failures_last_failure_at"), ["last_failure_at"], unique=False
        )

    op.create_table(
        "cz_sequences",
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
        info={"keep_on_reset": True},
    )
    op.create_table(
        "cz_sessions",
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("owner", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id_hash"),
    )
    with op.batch_alter_table("cz_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cz_sessions_owner"), ["owner"], unique=False)

    op.create_table(
        "cz_used_launch_tokens",
        sa.Column("nonce", sa.String(length=32), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("nonce"),
    )
    with op.batch_alter_table("cz_used_launch_tokens", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cz_used_launch_tokens_used_at"), ["used_at"], unique=False
        )

    op.create_table(
        "cz_declarations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("dealer_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("garantisseur", sa.String(length=20), nullable=True),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=True),
        sa.Column("contract_number", sa.String(length=30), nullable=True),
        sa.Column("contract_status", sa.String(length=20), nullable=True),
        sa.Column("contract_url", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("declared_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["dealer_id"],
            ["cz_dealers.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
        sa.UniqueConstraint("public_id"),
    )
    with op.batch_alter_table("cz_declarations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cz_declarations_dealer_id"), ["dealer_id"], unique=False
        )

    op.create_table(
        "centralisateur_admin_fault",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.JSON(), nullable=False),
        sa.Column("remaining", sa.Integer(), nullable=True),
        sa.Column("draws", sa.Integer(), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "centralisateur_admin_journal",
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
        "centralisateur_admin_setting",
        sa.Column("key", sa.String(length=50), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade() -> None:
    op.drop_table("centralisateur_admin_setting")
    op.drop_table("centralisateur_admin_journal")
    op.drop_table("centralisateur_admin_fault")
    with op.batch_alter_table("cz_declarations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cz_declarations_dealer_id"))

    op.drop_table("cz_declarations")
    with op.batch_alter_table("cz_used_launch_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cz_used_launch_tokens_used_at"))

    op.drop_table("cz_used_launch_tokens")
    with op.batch_alter_table("cz_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cz_sessions_owner"))

    op.drop_table("cz_sessions")
    op.drop_table("cz_sequences")
    with op.batch_alter_table("cz_login_failures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cz_login_failures_last_failure_at"))

    op.drop_table("cz_login_failures")
    op.drop_table("cz_dealers")
