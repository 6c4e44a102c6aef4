"""Each fake's schema as an Alembic history, brought up to date when the fake starts.

A fake's revisions live in its package (`fake_icare/migrations/`) and are recorded in a version
table of its own (`alembic_version_icare`), so that fakes sharing one PostgreSQL database keep
separate histories. This package holds what the histories share: Alembic's environment
(`env.py`), the template of a new revision, and the start-up upgrade. A database made before
the histories existed (the fake's tables, no version table) is adopted: stamped at the first
revision when its tables are that revision's, then upgraded like any other.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, MetaData, create_engine, inspect

from sandbox.admin_tables import admin_tables

SCRIPT_DIR = Path(__file__).parent


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

    def config(self, connection: Connection | None = None) -> Config:
        """Alembic's configuration of this history, run on `connection` (see `env.py`)."""
        config = Config()
        config.set_main_option("script_location", str(SCRIPT_DIR))
        config.set_main_option("path_separator", "os")
        config.set_main_option("version_locations", str(self.versions))
        config.attributes.update(history=self, connection=connection)
        return config

    def script(self) -> ScriptDirectory:
        return ScriptDirectory.from_config(self.config())


def run_environment(context: Any) -> None:
    """The body of `env.py`: run the revisions Alembic chose on the caller's connection, inside
    the caller's transaction (which holds the schema lock, see `sandbox.db`)."""
    history: History = context.config.attributes["history"]
    context.configure(
        connection=context.config.attributes["connection"],
        target_metadata=list(history.metadata),
        version_table=history.version_table,
        include_name=history.owns,
        render_as_batch=True,  # SQLite alters a table by copying it; PostgreSQL ignores it
    )
    with context.begin_transaction():
        context.run_migrations()


def fake_history(name: str, package_dir: Path, metadata: MetaData) -> History:
    """A fake's history: the revisions in its package's `migrations/` folder, building its
    store's tables and its admin tables (`sandbox.admin_tables`)."""
    return History(name, package_dir / "migrations", (metadata, admin_tables(name).metadata))


def _context(connection: Connection, history: History) -> MigrationContext:
    opts = {
        "version_table": history.version_table,
        "include_name": history.owns,
        "target_metadata": list(history.metadata),
    }
    return MigrationContext.configure(connection, opts=opts)


def current(connection: Connection, history: History) -> tuple[str, ...]:
    """The revisions the database is at; () before the first upgrade."""
    return _context(connection, history).get_current_heads()


def changes(connection: Connection, history: History) -> list[Any]:
    """What differs between the fake's tables as its code declares them and the database (at
    the newest revision, nothing: else a revision is missing)."""
    return compare_metadata(_context(connection, history), list(history.metadata))  # type: ignore[arg-type]


def upgrade(connection: Connection, history: History) -> None:
    """Bring the fake's tables to the newest revision, adopting tables made before the
    migrations existed. Call it inside a transaction that holds the schema lock."""
    script = history.script()
    at = current(connection, history)
    if set(at) == set(script.get_heads()):
        return  # the usual start: nothing to read but the version table
    if not at and tables_of(connection, history):
        adopt(connection, history, script)
    command.upgrade(history.config(connection), "heads")


def adopt(connection: Connection, history: History, script: ScriptDirectory) -> None:
    """Stamp tables made by `create_all` before the migrations existed as the first revision,
    when they are exactly that revision's tables; SchemaMismatch otherwise."""
    first = script.get_base()
    with _scratch(history, first or "heads") as scratch:
        expected = tables_of(scratch, history)
    found = tables_of(connection, history)
    if found != expected:
        differences = sorted(
            f"{table}: {sorted(found.get(table, set()) ^ expected.get(table, set()))}"
            for table in found.keys() | expected.keys()
            if found.get(table) != expected.get(table)
        )
        raise SchemaMismatch(
            f"Les tables de {history.name} dans {connection.engine.url!r} n'ont pas de table de "
            f"version et diffèrent de la révision {first} (tables ou colonnes manquantes ou en "
            f"trop : {' ; '.join(differences)}) : un sandbox plus ancien les a créées. "
            "Supprimez-les (ou le fichier SQLite) pour repartir de zéro."
        )
    command.stamp(history.config(connection), first)


def tables_of(connection: Connection, history: History) -> dict[str, set[str]]:
    """The fake's tables in the database, each with its column names."""
    inspector = inspect(connection)
    return {
        table: {column["name"] for column in inspector.get_columns(table)}
        for table in inspector.get_table_names()
        if history.owns(table, "table", {})
    }


@contextmanager
def _scratch(history: History, revision: str) -> Iterator[Connection]:
    """A scratch in-memory SQLite database at `revision` of the history."""
    engine = create_engine("sqlite://")
    try:
        with engine.begin() as scratch:
            command.upgrade(history.config(scratch), revision)
            yield scratch
    finally:
        engine.dispose()


def new_revision(history: History, message: str) -> Path | None:
    """Write the next revision, autogenerated by comparing the fake's tables as its code
    declares them with a scratch database at the newest revision; its id is the next number
    (`0002`...). Returns the file written, or None when nothing changed."""
    with _scratch(history, "heads") as scratch:
        if not changes(scratch, history):
            return None
        count = sum(1 for _ in history.script().walk_revisions())
        script = command.revision(
            history.config(scratch), message=message, autogenerate=True, rev_id=f"{count + 1:04d}"
        )
    assert script is not None and not isinstance(script, list)
    return Path(script.path)
