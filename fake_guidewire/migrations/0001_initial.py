"""The tables as `create_all` made them before the migrations existed.

Revision ID: 0001
Revises:
Create Date: 2026-11-27 10:08:04.043859
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
        "gw_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("account_number", sa.String(length=20), nullable=False),
        sa.Column("client_id", sa.String(length=100), nullable=False),
        sa.Column("holder", sa.JSON(), nullable=False),
        sa.Column("producer_codes", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("account_number"),
        sa.UniqueConstraint("public_id"),
    )
    with op.batch_alter_table("gw_accounts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_gw_accounts_client_id"), ["client_id"], unique=False)

    op.create_table(
        "gw_producer_codes",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "gw_sequences",
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
        info={"keep_on_reset": True},
    )
    op.create_table(
        "gw_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("client_id", sa.String(length=100), nullable=False),
        sa.Column("scopes", sa.JSON(), nullable=False),
        sa.Column("expires_at", sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_table(
        "gw_transaction_ids",
        sa.Column("id", sa.String(length=128), nullable=False),
        sa.Column("client_id", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "gw_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("job_number", sa.String(length=20), nullable=False),
        sa.Column("client_id", sa.String(length=100), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("producer_code", sa.String(length=16), nullable=False),
        sa.Column("product", sa.String(length=40), nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("vehicle", sa.JSON(), nullable=False),
        sa.Column("cover", sa.String(length=40), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("total_premium", sa.String(length=20), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["gw_accounts.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("job_number"),
        sa.UniqueConstraint("public_id"),
    )
    with op.batch_alter_table("gw_jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_gw_jobs_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_gw_jobs_client_id"), ["client_id"], unique=False)

    op.create_table(
        "gw_policies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("policy_number", sa.String(length=20), nullable=False),
        sa.Column("client_id", sa.String(length=100), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["gw_jobs.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("job_id"),
        sa.UniqueConstraint("policy_number"),
        sa.UniqueConstraint("public_id"),
    )
    with op.batch_alter_table("gw_policies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_gw_policies_client_id"), ["client_id"], unique=False)

    op.create_table(
        "guidewire_admin_fault",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.JSON(), nullable=False),
        sa.Column("remaining", sa.Integer(), nullable=True),
        sa.Column("draws", sa.Integer(), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "guidewire_admin_journal",
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
        "guidewire_admin_setting",
        sa.Column("key", sa.String(length=50), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade() -> None:
    op.drop_table("guidewire_admin_setting")
    op.drop_table("guidewire_admin_journal")
    op.drop_table("guidewire_admin_fault")
    with op.batch_alter_table("gw_policies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_gw_policies_client_id"))

    op.drop_table("gw_policies")
    with op.batch_alter_table("gw_jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_gw_jobs_client_id"))
        batch_op.drop_index(batch_op.f("ix_gw_jobs_account_id"))

    op.drop_table("gw_jobs")
    op.drop_table("gw_transaction_ids")
    op.drop_table("gw_tokens")
    op.drop_table("gw_sequences")
    op.drop_table("gw_producer_codes")
    with op.batch_alter_table("gw_accounts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_gw_accounts_client_id"))

    op.drop_table("gw_accounts")
