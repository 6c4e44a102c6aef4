"""The tables as `create_all` made them before the migrations existed.

Revision ID: 0001
Revises:
Create Date: 2026-11-27 10:08:04.475090
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
        "pvo2_sites",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("identity", sa.JSON(), nullable=False),
        sa.Column("centralisateur_password", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "pvo2_dossiers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_code", sa.String(length=16), nullable=False),
        sa.Column("numero", sa.String(length=40), nullable=False),
        sa.Column("bdc_generated", sa.Boolean(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["site_code"],
            ["pvo2_sites.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("site_code", "numero"),
    )
    with op.batch_alter_table("pvo2_dossiers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pvo2_dossiers_site_code"), ["site_code"], unique=False)

    op.create_table(
        "pvo2_users",
        sa.Column("login", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("site_code", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["site_code"],
            ["pvo2_sites.code"],
        ),
        sa.PrimaryKeyConstraint("login"),
    )
    op.create_table(
        "pvo2_admin_fault",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.JSON(), nullable=False),
        sa.Column("remaining", sa.Integer(), nullable=True),
        sa.Column("draws", sa.Integer(), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "pvo2_admin_journal",
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
        "pvo2_admin_setting",
        sa.Column("key", sa.String(length=50), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade() -> None:
    op.drop_table("pvo2_admin_setting")
    op.drop_table("pvo2_admin_journal")
    op.drop_table("pvo2_admin_fault")
    op.drop_table("pvo2_users")
    with op.batch_alter_table("pvo2_dossiers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pvo2_dossiers_site_code"))

    op.drop_table("pvo2_dossiers")
    op.drop_table("pvo2_sites")
