"""A dealer knows its own Icare identifier, the only one its Profil accepts.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 08:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sandbox.dealers import DEMO_DEALERS

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

CREATED = sa.table(
    "centralisateur_admin_dealer", sa.column("code", sa.String), sa.column("dealer", sa.JSON)
)
DEALERS = sa.table(
    "cz_dealers",
    sa.column("code_rrdi", sa.String),
    sa.column("icare_id", sa.String),
    sa.column("own_icare_id", sa.String),
)


def upgrade() -> None:
    with op.batch_alter_table("cz_dealers", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("own_icare_id", sa.String(length=20), nullable=False, server_default="")
        )
    # The demo dealers' identifiers; another dealer keeps the one its profile holds.
    connection = op.get_bind()
    connection.execute(
        DEALERS.update().values(own_icare_id=sa.func.coalesce(DEALERS.c.icare_id, ""))
    )
    for dealer in DEMO_DEALERS:
        connection.execute(
            DEALERS.update()
            .where(DEALERS.c.code_rrdi == dealer.code_rrdi)
            .values(own_icare_id=dealer.icare_id)
        )
    with op.batch_alter_table("cz_dealers", schema=None) as batch_op:
        batch_op.alter_column("own_icare_id", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("cz_dealers", schema=None) as batch_op:
        batch_op.drop_column("own_icare_id")
