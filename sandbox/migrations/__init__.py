"""Each fake's schema as an Alembic history, brought up to date when the fake starts.

A fake's revisions live in its package (`fake_icare/migrations/`) and are recorded in a version
table of its own (`alembic_version_icare`), so that fakes sharing one PostgreSQL database keep
separate histories. This package holds what the histories share: Alembic's environment
(`env.py`), the template of a new revision, and the upgrade run at start-up (`runner`). A
database made before the histories existed (the fake's tables, no version table) is adopted:
stamped at the first revision when its tables are that revision's, then upgraded.

Alembic is imported only when a database is not at its newest revision: its import costs
about as much as the rest of a fake's start, and the usual start has nothing to migrate.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, MetaData, inspect, text

from sandbox.admin_tables import admin_tables


class SchemaMismatch(RuntimeError):
    """The database holds a fake's tables, without a version table, that are not the tables of
    its first revision: adopting them would hide the difference."""


@dataclass(frozen=True)
class History:
    """One fake's migrations: its name (suffix of the version table), the folder of its
    revisions, and the tables they build (the fake's store and its admin tables)."""

    name: str
    versions: Path
    metadata: Sequence[MetaData]

    @property
    def version_table(self) -> str:
        return f"alembic_version_{self.name}"

    @property
    def prefixes(self) -> tuple[str, ...]:
        """The prefixes of the fake's table names (`icare_`, `cz_`...): what is not one of its
        tables in a shared database is not compared, nor dropped, by autogenerate."""
        return tuple(sorted({t.split("_", 1)[0] + "_" for md in self.metadata for t in md.tables}))

    def owns(self, name: str | None, type_: str, _parents: Mapping[str, Any]) -> bool:
        """Alembic's `include_name`: another fake's tables, and version tables, are not ours."""
        return type_ != "table" or (name or "").startswith(self.prefixes)

    def heads(self) -> set[str]:
        """The newest revisions, read from the `revision` and `down_revision` of each file
        without Alembic; Alembic itself reads them when there is something to migrate."""
        revisions: set[str] = set()
        parents: set[str] = set()
        for path in self.versions.glob("*.py"):
            for node in ast.parse(path.read_text(encoding="utf-8")).body:
                # `revision = "0002"`, or `revision: str = "0002"` as Alembic's own template has
                target = node.targets[0] if isinstance(node, ast.Assign) else None
                if isinstance(node, ast.AnnAssign) and node.value is not None:
                    target = node.target
                if not isinstance(target, ast.Name):
                    continue
                if target.id == "revision":
                    revisions.add(ast.literal_eval(node.value))
                elif target.id == "down_revision" and (parent := ast.literal_eval(node.value)):
                    parents.update([parent] if isinstance(parent, str) else parent)
        return revisions - parents


def fake_history(name: str, package_dir: Path, metadata: MetaData) -> History:
    """A fake's history: the revisions in its package's `migrations/` folder, building its
    store's tables and its admin tables (`sandbox.admin_tables`)."""
    return History(name, package_dir / "migrations", (metadata, admin_tables(name).metadata))


def recorded(connection: Connection, history: History) -> set[str]:
    """The revisions the version table holds; none before the first upgrade."""
    if not inspect(connection).has_table(history.version_table):
        return set()
    return set(connection.scalars(text(f"SELECT version_num FROM {history.version_table}")))


def upgrade(connection: Connection, history: History) -> None:
    """Bring the fake's tables to the newest revision, adopting tables made before the
    migrations existed. Call it inside a transaction that holds the schema lock."""
    if recorded(connection, history) == history.heads():
        return  # the usual start: the version table read, nothing else
    from sandbox.migrations import runner  # Alembic: only when there is something to do

    runner.upgrade(connection, history)
