"""One database per fake, reached through SQLAlchemy 2.

SQLite (a file in WAL mode) is the embedded default so that `make sandbox` needs no server;
`DATABASE_URL` points a fake at PostgreSQL when several instances must share state. Each fake
prefixes its table names, so the fakes can share one PostgreSQL database. The tables come from
the fake's Alembic history (`sandbox.migrations`), brought up to date when the fake starts.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, Response, current_app, g, request
from sqlalchemy import Connection, Engine, MetaData, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from sandbox.admin_tables import admin_tables
from sandbox.migrations import History, fake_history, upgrade


def make_engine(url: str) -> Engine:
    """An engine; SQLite files get WAL, a busy timeout and foreign keys on every connection."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None  # transactions are begun below, not by pysqlite
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # NORMAL in WAL mode: a commit is in the WAL file when acknowledged, so it survives the
        # process being killed (kill -9, OOM); only a crash of the machine itself may lose the
        # last commits. FULL would add an fsync to every commit.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _sqlite_begin(connection) -> None:  # type: ignore[no-untyped-def]
        # A writer takes the write lock when it begins: a deferred transaction that reads and
        # then writes fails at once ("database is locked") if another writer committed between.
        immediate = connection.get_execution_options().get(WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


WRITE = "sandbox_write"
ADVISORY_LOCK = text("SELECT pg_advisory_xact_lock(:key)")  # PostgreSQL, held to the commit
SCHEMA_LOCK = 20251130  # migrating and seeding
WRITER_LOCK = 20251201  # the admin state's writes


def one_writer_at_a_time(connection: Connection) -> None:
    """Until this transaction ends, no other worker or replica runs one that calls this too:
    SQLite's writer already holds the database's lock; on PostgreSQL an advisory lock does it
    (a row deleted then inserted again by two at once would collide)."""
    if connection.dialect.name == "postgresql":
        connection.execute(ADVISORY_LOCK, {"key": WRITER_LOCK})


def begin_write(session: Session) -> None:
    """Begin the session's next transaction as a writer (SQLite: BEGIN IMMEDIATE).

    Call it before the first statement of a transaction that will write; inside a transaction
    already under way it does nothing (a POST's request transaction is a writer from its start).
    """
    if not session.in_transaction():
        session.connection(execution_options={WRITE: True})


def under_schema_lock(engine: Engine, work: Callable[[Session], None]) -> None:
    """Run `work` in one writer's transaction that holds the schema lock, so that processes
    starting at the same time on one database migrate and seed it once: the first holds the
    write lock (SQLite) or an advisory lock (PostgreSQL); the others then find it done. A new
    SQLite file may answer "locked" at once while another process turns it to WAL: that is
    tried again."""
    for attempt in range(50):
        try:
            with (
                engine.connect() as connection,
                _foreign_keys_deferred(connection),
                Session(bind=connection.execution_options(**{WRITE: True})) as session,
            ):
                if engine.dialect.name == "postgresql":
                    session.execute(
                        text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK}
                    )
                work(session)
                if engine.dialect.name == "sqlite":
                    _check_foreign_keys(session)
                session.commit()
            return
        except OperationalError as error:
            if "locked" not in str(error) or attempt == 49:
                raise
            time.sleep(0.1)


@contextmanager
def _foreign_keys_deferred(connection: Connection) -> Iterator[None]:
    """SQLite checks no foreign key until the schema lock's transaction ends: a migration that
    alters a table by copying it drops the table that other rows refer to, then puts the copy
    in its place. The pragma works only outside a transaction, hence before it begins."""
    if connection.dialect.name != "sqlite":
        yield
        return
    dbapi_connection = connection.connection.driver_connection
    assert dbapi_connection is not None
    dbapi_connection.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        dbapi_connection.execute("PRAGMA foreign_keys=ON")


def _check_foreign_keys(session: Session) -> None:
    """What SQLite did not check while the schema changed, checked before it is committed."""
    broken = session.execute(text("PRAGMA foreign_key_check")).first()
    if broken is not None:
        raise RuntimeError(f"A row refers to a missing one after the migration: {tuple(broken)}")


class Database:
    """The engine and session factory of one fake, plus the seeding that defines its clean state."""

    def __init__(
        self,
        url: str,
        metadata: MetaData,
        seed: Callable[[Session], None],
        history: History,
    ) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.metadata = metadata
        self.history = history
        self._seed = seed
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        under_schema_lock(self.engine, self._upgrade_and_seed)

    def _upgrade_and_seed(self, session: Session) -> None:
        """Migrate the tables to the newest revision, then seed them if every one is empty: a
        restart finds the data it left (some tables, such as sign-in sessions, may be empty
        then, and seeding again would add the demo rows twice)."""
        upgrade(session.connection(), self.history)
        seeded = [t for t in self.metadata.sorted_tables if not t.info.get("keep_on_reset")]
        if all(session.execute(t.select().limit(1)).first() is None for t in seeded):
            self._seed(session)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A writer's session in one transaction: committed when the block ends, rolled back on
        error."""
        with self._sessions() as session:
            begin_write(session)  # a writer from its first statement, reads included
            try:
                yield session
            except BaseException:
                session.rollback()
                raise
            session.commit()

    @contextmanager
    def writer(self) -> Iterator[Connection]:
        """A Core connection in one write transaction (SQLite: BEGIN IMMEDIATE), for the admin
        state's small writes."""
        connection = self.engine.connect().execution_options(**{WRITE: True})
        with connection, connection.begin():
            yield connection

    def new_session(self) -> Session:
        return self._sessions()

    def reset(self) -> None:
        """Empty every table and seed again: the state a fresh `make sandbox` starts from.

        Tables marked `info={"keep_on_reset": True}` (number sequences) survive, so that a number
        once given out is never given out again.
        """
        with self.session() as session:
            for table in reversed(self.metadata.sorted_tables):
                if not table.info.get("keep_on_reset"):
                    session.execute(table.delete())
            self._seed(session)


def init_database(app: Flask, metadata: MetaData, seed: Callable[[Session], None]) -> Database:
    """Open the fake's database from `app.config["DATABASE_URL"]`, migrated to the newest
    revision of the fake's history (its package's `migrations/` folder), and keep it on the app,
    with the admin tables of the fake (see `sandbox.admin_tables`)."""
    name = app.extensions["sandbox.name"]
    admin = admin_tables(name)
    app.extensions["sandbox.admin_tables"] = admin
    history = fake_history(name, Path(app.root_path), metadata)
    with app.app_context():  # the seed reads the dealers created on demand, in the admin state
        database = Database(app.config["DATABASE_URL"], metadata, seed, history)
    app.extensions["sandbox.db"] = database
    app.after_request(_commit_request_session)
    app.teardown_request(_close_request_session)
    return database


def request_session() -> Session:
    """The session of the current request: one transaction per request, as Flask-SQLAlchemy does.

    It is committed before the response leaves (a failed commit becomes a 500, so nothing is
    acknowledged that is not stored) and rolled back when the answer is an error.
    """
    if "db_session" not in g:
        g.db_session = current_database().new_session()
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            begin_write(g.db_session)
    return g.db_session


def _commit_request_session(response: Response) -> Response:
    db_session = g.get("db_session")
    if db_session is not None:
        if response.status_code < 400:
            db_session.commit()
        else:
            db_session.rollback()
    return response


def _close_request_session(_error: BaseException | None) -> None:
    close_request_session()


def close_request_session() -> None:
    """End the request's transaction without writing (the next `request_session()` begins
    another): for a request that must wait or write elsewhere before its own work."""
    db_session = g.pop("db_session", None)
    if db_session is not None:
        db_session.rollback()
        db_session.close()


def current_database() -> Database:
    """The database of the app handling the current request."""
    return current_app.extensions["sandbox.db"]
