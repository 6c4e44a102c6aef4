"""Number counters kept in the fake's own database, so numbers are unique across replicas.

Their table survives `/__admin/reset` (`keep_on_reset`): a declaration, contract or policy
number once given out is never given out again.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    String,
    Table,
    Update,
    bindparam,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session


def sequence_table(metadata: MetaData, name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("name", String(60), primary_key=True),
        Column("value", Integer, nullable=False),
        info={"keep_on_reset": True},
    )


@cache
def _advance(table: Table) -> Update:
    """The statement that takes a number, built once per table (it runs on every creation)."""
    return (
        update(table)
        .where(table.c.name == bindparam("counter"))
        .values(value=table.c.value + 1)
        .returning(table.c.value)
    )


def next_value(session: Session, table: Table, counter: str) -> int:
    """The counter's next value, taken inside the caller's transaction (row-locked)."""
    for _attempt in range(3):
        value = session.scalar(_advance(table), {"counter": counter})
        if value is not None:
            return int(value)
        try:
            with session.begin_nested():
                session.execute(insert(table).values(name=counter, value=1))
            return 1
        except IntegrityError:  # another transaction created it first: count on it
            continue
    raise RuntimeError(f"counter {counter} could not be advanced")


def current_value(session: Session, table: Table, counter: str) -> int:
    return session.scalar(select(table.c.value).where(table.c.name == counter)) or 0
