"""A site knows the code RRDI of its dealer, its login on the Centralisateur.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 07:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

SITES = sa.table(
    "pvo2_sites",
    sa.column("code", sa.String),
    sa.column("identity", sa.JSON),
    sa.column("centralisateur_login", sa.String),
)


def upgrade() -> None:
    with op.batch_alter_table("pvo2_sites", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "centralisateur_login", sa.String(length=16), nullable=False, server_default=""
            )
        )
    # Until now the site's identity named the dealer: its code RRDI is the site's own.
    connection = op.get_bind()
    for code, identity in connection.execute(sa.select(SITES.c.code, SITES.c.identity)).all():
        login = str((identity or {}).get("code_rrdi") or "").strip().upper()
        connection.execute(
            SITES.update().where(SITES.c.code == code).values(centralisateur_login=login)
        )
    with op.batch_alter_table("pvo2_sites", schema=None) as batch_op:
        batch_op.alter_column("centralisateur_login", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("pvo2_sites", schema=None) as batch_op:
        batch_op.drop_column("centralisateur_login")
