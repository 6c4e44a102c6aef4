"""Each fake's tables come from its Alembic history, applied at start-up: a fresh database gets
them all, a database made by `create_all` before the migrations existed is adopted with its rows,
a later revision keeps the rows it finds, and two processes starting at once both come up
(SQLite, and PostgreSQL when SANDBOX_TEST_POSTGRES_URL is set)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import (
    Column,
    Engine,
    MetaData,
    String,
    create_engine,
    func,
    insert,
    inspect,
    select,
    text,
)
from sqlalchemy.orm import Session

from harness.cli import main
from harness.db_commands import history
from harness.fakes import FAKES
from sandbox.admin_tables import admin_tables
from sandbox.db import make_engine, under_schema_lock
from sandbox.dealers import DEMO_DEALERS
from sandbox.migrations import History, SchemaMismatch, recorded, upgrade
from sandbox.migrations.runner import changes, new_revision, script, tables_of
from tests.icare.conftest import AUTH, TODAY, contract_request

# Icare's newest revision, and the number of the next one (a revision only the tests write).
ICARE_HEAD = max(history("icare").heads())
NEXT = f"{int(ICARE_HEAD) + 1:04d}"
SECOND_REVISION = f'''
"""Dealers get a nickname; their names may be longer."""

import sqlalchemy as sa
from alembic import op

revision: str = "{NEXT}"  # annotated, as in Alembic's own template
down_revision = "{ICARE_HEAD}"


def upgrade():
    with op.batch_alter_table("icare_dealers") as batch_op:
        batch_op.add_column(sa.Column("nickname", sa.String(40), nullable=True))
        batch_op.alter_column("name", type_=sa.String(200), existing_nullable=False)
    op.execute("UPDATE icare_dealers SET nickname = 'surnom-' || icare_id")
'''


@pytest.fixture(params=list(FAKES))
def fake(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def engine(database_url: str) -> Engine:
    return create_engine(database_url)


def start(name: str, database_url: str) -> None:
    """Start the fake on the database (its create_app migrates it), then let go of it."""
    app = FAKES[name].create_app({"DATABASE_URL": database_url, "TESTING": True, "TODAY": TODAY})
    app.extensions["sandbox.db"].engine.dispose()


def test_a_fresh_database_gets_every_table_at_the_newest_revision(
    fake: str, database_url: str, engine: Engine
) -> None:
    start(fake, database_url)
    tables = history(fake).metadata
    with engine.connect() as connection:
        declared = {
            table.name: {column.name for column in table.columns}
            for metadata in tables
            for table in metadata.sorted_tables
        }
        assert tables_of(connection, history(fake)) == declared
        assert recorded(connection, history(fake)) == history(fake).heads()
        # The code declares the tables of the newest revision: a change to a table comes with
        # its revision (`pvo-sandbox db revision`).
        assert changes(connection, history(fake)) == []
        assert inspect(connection).has_table(f"alembic_version_{fake}")


def test_a_restart_finds_its_data_and_seeds_nothing_twice(
    fake: str, database_url: str, engine: Engine
) -> None:
    """A restart, or `kill -9` then a start: some tables (sign-in sessions) are empty then,
    and the desk's demo dossiers used to be seeded a second time (a unique key refused them)."""
    start(fake, database_url)
    with engine.connect() as connection:
        before = {
            t: connection.execute(select(func.count()).select_from(t)).scalar()
            for metadata in history(fake).metadata
            for t in metadata.sorted_tables
        }
    start(fake, database_url)
    with engine.connect() as connection:
        for table, count in before.items():
            assert connection.execute(select(func.count()).select_from(table)).scalar() == count


# Tables that revisions after the first added: `create_all` made none of them.
ADDED_LATER = {
    "pvo2_sessions",
    "cz_idempotency_keys",
    "pvo2_idempotency_keys",
    "pvo2_declarations",
    "pvo2_login_failures",
    "gw_login_failures",
    *(f"{name}_admin_dealer" for name in FAKES),
}
# Columns that revisions after the first added to tables of the first.
COLUMNS_ADDED_LATER = {
    "pvo2_sites": ("centralisateur_login",),
    "cz_dealers": ("own_icare_id",),
    "cz_declarations": ("typed",),
}
# Tables that a later revision made again in another shape: the first revision's columns.
REMADE_LATER = {
    table: "login VARCHAR(64) PRIMARY KEY, failures INTEGER NOT NULL, last_failure_at TIMESTAMP"
    for table in ("cz_login_failures", "icare_login_failures")
}


def _old_create_all(engine: Engine, name: str) -> None:
    """What the fakes did before the migrations: `create_all`, then rows written."""
    store = history(name).metadata[0]
    admin = admin_tables(name)
    made_later = ADDED_LATER | REMADE_LATER.keys()
    store.create_all(engine, tables=[t for t in store.sorted_tables if t.name not in made_later])
    admin.metadata.create_all(
        engine, tables=[t for t in admin.metadata.sorted_tables if t.name not in ADDED_LATER]
    )
    with engine.begin() as connection:
        for table, columns in REMADE_LATER.items():
            if table in store.tables:
                connection.execute(text(f"CREATE TABLE {table} ({columns})"))
        for table, columns in COLUMNS_ADDED_LATER.items():
            if table in store.tables:
                for column in columns:
                    connection.execute(text(f"ALTER TABLE {table} DROP COLUMN {column}"))
        connection.execute(insert(admin.settings).values(key="kept", value="yes"))


def test_a_database_made_by_create_all_is_adopted_with_its_rows(
    fake: str, database_url: str, engine: Engine
) -> None:
    _old_create_all(engine, fake)
    start(fake, database_url)
    settings = admin_tables(fake).settings
    with engine.connect() as connection:
        assert connection.execute(select(settings.c.value).where(settings.c.key == "kept")).scalar()
        assert recorded(connection, history(fake)) == history(fake).heads()


def test_tables_that_are_not_the_first_revision_are_not_adopted(
    database_url: str, engine: Engine
) -> None:
    store = history("icare").metadata[0]
    store.create_all(engine, tables=[store.tables["icare_dealers"]])
    with pytest.raises(SchemaMismatch, match="icare_contracts"):
        start("icare", database_url)
    with engine.connect() as connection:
        assert recorded(connection, history("icare")) == set()


@pytest.fixture
def with_second_revision(tmp_path: Path) -> History:
    """Icare's history plus a revision that exists only in this test."""
    versions = tmp_path / "versions"
    shutil.copytree(history("icare").versions, versions)
    (versions / f"{NEXT}_nickname.py").write_text(SECOND_REVISION)
    return History("icare", versions, history("icare").metadata)


def test_a_second_revision_keeps_the_rows_it_finds(
    database_url: str, engine: Engine, with_second_revision: History
) -> None:
    from fake_icare import create_app

    app = create_app({"DATABASE_URL": database_url, "TESTING": True, "TODAY": TODAY})
    created = app.test_client().post("/api/v1/contracts", json=contract_request("A"), auth=AUTH)
    assert created.status_code == 201
    app.extensions["sandbox.db"].engine.dispose()

    # As at start-up: foreign keys on (SQLite), under the schema lock.
    under_schema_lock(
        make_engine(database_url), lambda s: upgrade(s.connection(), with_second_revision)
    )

    assert with_second_revision.heads() == set(script(with_second_revision).get_heads()) == {NEXT}
    with engine.connect() as connection:
        assert recorded(connection, with_second_revision) == {NEXT}
        nicknames = connection.execute(text("SELECT icare_id, nickname FROM icare_dealers"))
        assert all(nickname == f"surnom-{icare_id}" for icare_id, nickname in nicknames)
        contracts = connection.execute(text("SELECT contract_number FROM icare_contracts"))
        assert [number for (number,) in contracts] == [created.json["contract_number"]]


def test_two_processes_starting_at_once_on_one_sqlite_file_both_come_up(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'centralisateur.db'}"
    code = (
        "from fake_centralisateur import create_app; "
        f"create_app({{'DATABASE_URL': {url!r}, 'TESTING': True}})"
    )
    processes = [
        subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE) for _ in range(2)
    ]
    for process in processes:
        _, errors = process.communicate(timeout=120)
        assert process.returncode == 0, errors.decode()
    engine = create_engine(url)
    with Session(engine) as session:
        dealers = session.execute(text("SELECT count(*) FROM cz_dealers")).scalar()
        versions = session.execute(text("SELECT * FROM alembic_version_centralisateur")).all()
    engine.dispose()
    assert dealers == len(DEMO_DEALERS)  # seeded once
    assert len(versions) == 1


def test_foreign_keys_are_checked_again_once_started(tmp_path: Path) -> None:
    """The schema lock's transaction turns SQLite's foreign keys off: not the requests'."""
    app = FAKES["icare"].create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'i.db'}"})
    engine = app.extensions["sandbox.db"].engine
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_db_current_and_upgrade_say_the_revision_of_each_fake(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    before = CliRunner().invoke(main, ["db", "current"])
    assert before.exit_code == 0, before.output
    assert [line.split()[:2] for line in before.output.splitlines()] == [
        [name, "none"] for name in FAKES
    ]
    upgraded = CliRunner().invoke(main, ["db", "upgrade", "guidewire"])
    assert upgraded.exit_code == 0, upgraded.output
    head = max(history("guidewire").heads())
    assert upgraded.output.split() == ["guidewire", head, "(head)"]
    after = CliRunner().invoke(main, ["db", "current", "guidewire"])
    assert after.output.split()[:3] == ["guidewire", head, "(head)"]


def test_db_revision_writes_nothing_when_the_tables_did_not_change() -> None:
    result = CliRunner().invoke(main, ["db", "revision", "icare", "-m", "rien"])
    assert result.exit_code == 1
    assert "Rien à migrer" in result.output


def test_a_start_with_nothing_to_migrate_does_not_import_alembic(tmp_path: Path) -> None:
    """Alembic's import costs about as much as the rest of a fake's start."""
    url = f"sqlite:///{tmp_path / 'icare.db'}"
    code = (
        "import sys; from fake_icare import create_app; "
        f"create_app({{'DATABASE_URL': {url!r}}}); print('alembic' in sys.modules)"
    )
    first, again = (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        for _ in range(2)
    )
    assert (first.stdout.strip(), again.stdout.strip()) == ("True", "False")


def test_db_upgrade_says_in_one_line_why_it_cannot(
    database_url: str, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = history("icare").metadata[0]
    store.create_all(engine, tables=[store.tables["icare_dealers"]])
    monkeypatch.setenv("ICARE_DATABASE_URL", database_url)
    result = CliRunner().invoke(main, ["db", "upgrade", "icare"])
    assert result.exit_code == 2
    assert result.output.startswith("✘ Les tables de icare")
    assert "icare_contracts" in result.output


def test_a_change_to_a_table_is_written_as_the_next_revision(tmp_path: Path) -> None:
    """What `pvo-sandbox db revision` writes: Alembic's autogenerate, in the sandbox's template."""
    icare = history("icare")
    changed = MetaData()
    for table in icare.metadata[0].sorted_tables:
        table.to_metadata(changed)
    changed.tables["icare_dealers"].append_column(Column("nickname", String(40)))
    versions = tmp_path / "versions"
    shutil.copytree(icare.versions, versions)
    after = History("icare", versions, (changed, *icare.metadata[1:]))

    written = new_revision(after, "dealers get a nickname")

    assert written == versions / f"{NEXT}_dealers_get_a_nickname.py"
    source = written.read_text()
    assert f'down_revision = "{ICARE_HEAD}"' in source.replace("'", '"')
    assert "add_column(sa.Column('nickname', sa.String(length=40)" in source
    engine = make_engine(f"sqlite:///{tmp_path / 'icare.db'}")
    under_schema_lock(engine, lambda s: upgrade(s.connection(), after))
    with engine.connect() as connection:
        assert "nickname" in tables_of(connection, after)["icare_dealers"]
        assert changes(connection, after) == []
    engine.dispose()
