"""One database per fake, reached through SQLAlchemy 2.

SQLite (a file in WAL mode) is the embedded default so that `make sandbox` needs no server;
`DATABASE_URL` points a fake at PostgreSQL when several instances must share state. Each fake
prefixes its table names, so the fakes can share one PostgreSQL database. The tables come from
the fake's Alembic history (`sandbox.migrations`), brought up to date when the fake starts.
"""

from __future__ import annotations

import sys
import time
import zlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from flask import Flask, Response, current_app, g, request
from sqlalchemy import Connection, Engine, MetaData, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker

from sandbox.admin_tables import admin_tables
from sandbox.errors import SandboxError
from sandbox.migrations import History, fake_history, upgrade


@dataclass(frozen=True)
class Pool:
    """A worker's connections to PostgreSQL (SQLite has no pool to size).

    A worker serves `THREADS` (8) requests at once, each holding one connection at a time:
    `size` 8 keeps each thread's connection open, `overflow` covers the admin state's own short
    writes. A deployment sizes it so that every process's `size + overflow` fits PostgreSQL's
    `max_connections` (README, "Déploiement d'équipe"). A request that finds no connection
    within `timeout` seconds answers 503, as when the database is down.
    """

    size: int = 8
    overflow: int = 4
    timeout: float = 10.0
    connect_timeout: int = 5


def make_engine(url: str, pool: Pool | None = None) -> Engine:
    """An engine; SQLite files get WAL, a busy timeout and foreign keys on every connection."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        pool = pool or Pool()
        return create_engine(
            url,
            # What the row locks and insert-first paths are written for, whatever the server's
            # default_transaction_isolation says.
            isolation_level="READ COMMITTED",
            pool_pre_ping=True,
            pool_size=pool.size,
            max_overflow=pool.overflow,
            pool_timeout=pool.timeout,
            connect_args={"connect_timeout": pool.connect_timeout},
        )
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
SHARED_LOCK = text("SELECT pg_advisory_xact_lock_shared(:key)")
SCHEMA_LOCK = 20251130  # migrating and seeding
WRITER_LOCK = 20251201  # the admin state's writes
RESET_KEY = "sandbox_reset_key"  # a session's `info` key: its fake's reset lock


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
    On PostgreSQL a writer also holds its fake's reset lock, shared: a reset (which holds it
    alone, `Database.resetting`) never runs in the middle of a writer, as on SQLite where both
    take the one write lock. Without it a reset between a writer's read and its write made
    foreign-key violations and updates of deleted rows (500s).
    """
    if session.in_transaction():
        return
    connection = session.connection(execution_options={WRITE: True})
    key = session.info.get(RESET_KEY)
    if key is not None and connection.dialect.name == "postgresql":
        connection.execute(SHARED_LOCK, {"key": key})


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


class DatabaseUnavailable(SandboxError):
    """The fake's database cannot be used (down, restarting, refusing connections, or no
    connection free in the pool): nothing was done, the caller tries again later."""

    status = 503
    error_code = "DATABASE_UNAVAILABLE"
    default_message = (
        "La base de données du service est momentanément indisponible : rien n'a été "
        "enregistré, réessayez dans quelques secondes."
    )
    default_headers: ClassVar[Mapping[str, str]] = {"Retry-After": "5"}


def unusable(error: BaseException) -> bool:
    """Whether an error says the database cannot be used now, rather than refusing the work:
    connection refused, dropped, terminated by an administrator, a locked SQLite file, or no
    connection free in the pool."""
    if isinstance(error, (OperationalError, InterfaceError, PoolTimeout)):
        return True
    return isinstance(error, DBAPIError) and error.connection_invalidated


class DatabaseNotReady(RuntimeError):
    """The database did not answer within the start's wait; the message is for the operator."""


WAIT_BETWEEN = 2.0  # seconds between two attempts to reach the database at start


def wait_for_database(engine: Engine, name: str, attempts: int) -> None:
    """Until the database answers `SELECT 1`, at most `attempts` times, one French line each
    on the standard error: a fake started before its database (compose, a reboot) waits for it
    instead of stopping on a traceback. Raises DatabaseNotReady."""
    for attempt in range(1, attempts + 1):
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            return
        except DBAPIError as error:
            reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
            print(
                f"{name} : la base de données ne répond pas encore ({reason}) ; "
                f"essai {attempt}/{attempts}, nouvel essai dans {WAIT_BETWEEN:.0f} s.",
                file=sys.stderr,
                flush=True,
            )
            if attempt < attempts:
                time.sleep(WAIT_BETWEEN)
    raise DatabaseNotReady(
        f"{name} : la base de données n'a pas répondu après {attempts} essais : vérifiez "
        f"qu'elle est démarrée et que {name.upper()}_DATABASE_URL (ou DATABASE_URL) la désigne."
    )


class Database:
    """The engine and session factory of one fake, plus the seeding that defines its clean state."""

    def __init__(
        self,
        url: str,
        metadata: MetaData,
        seed: Callable[[Session], None],
        history: History,
        pool: Pool | None = None,
        name: str = "sandbox",
        wait_attempts: int = 1,
    ) -> None:
        self.url = url
        self.engine = make_engine(url, pool)
        self.metadata = metadata
        self.history = history
        self._seed = seed
        # The fake's own reset lock (PostgreSQL): fakes sharing one database reset apart.
        self.reset_key = zlib.crc32(",".join(sorted(metadata.tables)).encode())
        self._sessions = sessionmaker(
            self.engine, expire_on_commit=False, info={RESET_KEY: self.reset_key}
        )
        if self.engine.dialect.name != "sqlite":
            wait_for_database(self.engine, name, wait_attempts)
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
            yield from _committed(session)

    @contextmanager
    def resetting(self) -> Iterator[Session]:
        """A writer's session that no other writer of this fake runs beside (PostgreSQL: the
        reset lock held alone; SQLite: the write lock), for a reset: it deletes rows that a
        writer beside it would read, refer to or update."""
        with self._sessions() as session:
            connection = session.connection(execution_options={WRITE: True})
            if connection.dialect.name == "postgresql":
                connection.execute(ADVISORY_LOCK, {"key": self.reset_key})
            yield from _committed(session)

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
        with self.resetting() as session:
            for table in reversed(self.metadata.sorted_tables):
                if not table.info.get("keep_on_reset"):
                    session.execute(table.delete())
            self._seed(session)


def _committed(session: Session) -> Iterator[Session]:
    """The body of a transaction block: committed when it ends, rolled back on error."""
    try:
        yield session
    except BaseException:
        session.rollback()
        raise
    session.commit()


def init_database(app: Flask, metadata: MetaData, seed: Callable[[Session], None]) -> Database:
    """Open the fake's database from `app.config["DATABASE_URL"]`, migrated to the newest
    revision of the fake's history (its package's `migrations/` folder), and keep it on the app,
    with the admin tables of the fake (see `sandbox.admin_tables`).

    `DB_POOL_SIZE`, `DB_MAX_OVERFLOW` and `DB_POOL_TIMEOUT` size each process's pool
    (PostgreSQL); `DB_WAIT_ATTEMPTS` is how many times, 2 s apart, a start tries to reach a
    database that does not answer yet. Every route answers a database that cannot be used with
    503 and Retry-After (`DatabaseUnavailable`), never a 500.
    """
    name = app.extensions["sandbox.name"]
    admin = admin_tables(name)
    app.extensions["sandbox.admin_tables"] = admin
    history = fake_history(name, Path(app.root_path), metadata)
    config = app.config
    pool = Pool(
        int(config.get("DB_POOL_SIZE", Pool.size)),
        int(config.get("DB_MAX_OVERFLOW", Pool.overflow)),
        float(config.get("DB_POOL_TIMEOUT", Pool.timeout)),
    )
    with app.app_context():  # the seed reads the dealers created on demand, in the admin state
        database = Database(
            config["DATABASE_URL"],
            metadata,
            seed,
            history,
            pool,
            name,
            int(config.get("DB_WAIT_ATTEMPTS", 30)),
        )
    app.extensions["sandbox.db"] = database
    app.after_request(_commit_request_session)
    app.teardown_request(_close_request_session)
    for unusable_error in (OperationalError, InterfaceError, PoolTimeout, DBAPIError):
        app.register_error_handler(unusable_error, _answer_unusable)
    return database


def _answer_unusable(error: Exception) -> Response:
    """A database that cannot be used answers 503 with Retry-After, in the fake's own error
    shape (its French page on HTML routes); any other database error stays a 500."""
    if not unusable(error):
        raise error
    current_app.logger.warning("base de données inutilisable : %s", error)
    _drop_request_session()
    return current_app.make_response(current_app.handle_user_exception(DatabaseUnavailable()))


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
    """Commit the request's work before its answer leaves; a commit the database could not take
    answers 503 (what was asked may not be stored, the caller tries again)."""
    db_session = g.get("db_session")
    if db_session is None:
        return response
    try:
        if response.status_code < 400:
            db_session.commit()
        else:
            db_session.rollback()
    except DBAPIError as error:
        if not unusable(error):
            raise
        return _answer_unusable(error)
    return response


def _close_request_session(_error: BaseException | None) -> None:
    _drop_request_session()


def close_request_session() -> None:
    """End the request's transaction without writing (the next `request_session()` begins
    another): for a request that must wait or write elsewhere before its own work."""
    db_session = g.pop("db_session", None)
    if db_session is not None:
        db_session.rollback()
        db_session.close()


def _drop_request_session() -> None:
    """Let go of the request's session on a database that cannot be used: its rollback may
    fail too, and must not turn the 503 into a 500."""
    try:
        close_request_session()
    except DBAPIError as error:
        current_app.logger.warning("session abandonnée : %s", error)


def current_database() -> Database:
    """The database of the app handling the current request."""
    return current_app.extensions["sandbox.db"]
