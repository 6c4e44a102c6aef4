"""The admin state of a fake, kept in its database beside its data: journal, faults, settings,
the dealers created on demand.

In the store, not in a process's memory, so that every worker of a fake, and every replica on
one database, sees the same journal, the same faults with their counters, the same clock and
the same admin token. Each fake's tables carry its name, so that the fakes can share one
PostgreSQL database, as their data tables do.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import JSON, Column, Integer, MetaData, String, Table


@dataclass(frozen=True)
class AdminTables:
    metadata: MetaData
    journal: Table
    faults: Table
    settings: Table
    dealers: Table


def admin_tables(name: str) -> AdminTables:
    """The admin tables of the fake called `name` (e.g. `centralisateur`)."""
    metadata = MetaData()
    journal = Table(
        f"{name}_admin_journal",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("method", String(10), nullable=False),
        Column("path", String(2048), nullable=False),
        Column("who", String(200)),
        Column("status", Integer, nullable=False),
        Column("entry", JSON, nullable=False),
        sqlite_autoincrement=True,  # ids keep growing after a clear, as the ring's order needs
    )
    faults = Table(
        f"{name}_admin_fault",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("rule", JSON, nullable=False),
        Column("remaining", Integer),  # None: every matching call
        Column("draws", Integer, nullable=False, default=0),  # calls that drew, for the seed
        Column("hits", Integer, nullable=False, default=0),
        sqlite_autoincrement=True,
    )
    settings = Table(
        f"{name}_admin_setting",
        metadata,
        Column("key", String(50), primary_key=True),
        Column("value", String(200), nullable=False),
    )
    dealers = Table(  # the dealers created on demand (see `sandbox.dealers`)
        f"{name}_admin_dealer",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("code", String(16), nullable=False, unique=True),
        Column("dealer", JSON, nullable=False),
        sqlite_autoincrement=True,
    )
    return AdminTables(metadata, journal, faults, settings, dealers)


def current_admin_tables() -> AdminTables:
    return current_app.extensions["sandbox.admin_tables"]
