"""Icare's state: the dealers it knows, the contracts it created, and the number counters.

Contract numbers are `IC` + year + `-` + a 7-digit sequence per year (`IC2026-0000001`), from
`icare_sequences`, which survives `/__admin/reset`: a number once given out never comes back.
Creating a contract takes the year's counter before its last checks: that lock (a row lock on
PostgreSQL; on SQLite a writing request holds the database lock from its start) serialises
creations, so the checks that follow it (the declaration's reference, a contract in force on
the VIN) see every contract committed before. The unique `declaration_ref` is the last guard.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, String, bindparam, delete, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from fake_icare import errors, rules, schemas
from sandbox import coverage
from sandbox.db import begin_write
from sandbox.dealers import DemoDealer, every_dealer
from sandbox.french import format_date
from sandbox.logins import failure_table, seed_password_hash
from sandbox.sequences import next_value, sequence_table
from sandbox.sessions import Sessions

NUMBER_FORMAT = "IC{year:04d}-{value:07d}"  # IC2026-0000001
NUMBER_PATTERN = re.compile(r"\bIC\d{4}-\d{7}\b")  # a contract number within a text


class Base(DeclarativeBase):
    pass


class Dealer(Base):
    """A point of sale known to Icare under its Icare identifier, which with its password signs
    in to MyIcare."""

    __tablename__ = "icare_dealers"

    icare_id: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    code_rrdi: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(200))


class Contract(Base):
    """A warranty contract; `content` is the canonical dump of what the declaration sent."""

    __tablename__ = "icare_contracts"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_number: Mapped[str] = mapped_column(String(20), unique=True)
    # Unique: the idempotency key. Two racing identical requests cannot both insert.
    declaration_ref: Mapped[str] = mapped_column(String(64), unique=True)
    dealer_icare_id: Mapped[str] = mapped_column(ForeignKey("icare_dealers.icare_id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=schemas.IN_FORCE)
    vin: Mapped[str] = mapped_column(String(17), index=True)
    start_date: Mapped[date]
    end_date: Mapped[date]
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    dealer: Mapped[Dealer] = relationship(lazy="joined")

    @property
    def period_state(self) -> str:
        """To come, in force or expired (`sandbox.coverage`) on the day of its dealer's clock;
        the period is half-open, as the overlap check reads it."""
        return coverage.state_for(
            self.dealer.code_rrdi, self.start_date, self.end_date, end_covered=False
        )


metadata = Base.metadata
# Counters behind contract numbers; kept across resets so that none comes back.
sequences = sequence_table(metadata, "icare_sequences")
# MyIcare sign-ins (by Icare identifier) and failed sign-ins; a reset ends them all.
sessions = Sessions(metadata, "icare_sessions")
login_failures = failure_table(metadata, "icare_login_failures")


def seed(session: Session) -> None:
    """The clean state: every dealer (the demo ones, those created on demand), no contract.
    Idempotent (merge)."""
    for dealer in every_dealer(session):
        add_dealer(session, dealer)


def add_dealer(session: Session, dealer: DemoDealer) -> None:
    session.merge(
        Dealer(
            icare_id=dealer.icare_id,
            name=dealer.name,
            code_rrdi=dealer.code_rrdi,
            password_hash=seed_password_hash(dealer.password),
        )
    )


# Reading


def find_dealer(session: Session, icare_id: str) -> Dealer | None:
    return session.get(Dealer, icare_id)


def find_contract(session: Session, number: str) -> Contract | None:
    return session.scalar(select(Contract).where(Contract.contract_number == number))


def dealer_contract(session: Session, icare_id: str, number: str) -> Contract | None:
    """A contract of this dealer; another dealer's is as good as absent."""
    return session.scalar(
        select(Contract).where(
            Contract.contract_number == number, Contract.dealer_icare_id == icare_id
        )
    )


def find_by_ref(session: Session, declaration_ref: str) -> Contract | None:
    return session.scalar(select(Contract).where(Contract.declaration_ref == declaration_ref))


def dealer_contracts(
    session: Session, icare_id: str, offset: int, limit: int
) -> tuple[list[Contract], int]:
    """One page of a dealer's contracts, newest first, and how many there are in all."""
    where = Contract.dealer_icare_id == icare_id
    total = session.scalar(select(func.count()).select_from(Contract).where(where)) or 0
    page = session.scalars(
        select(Contract).where(where).order_by(Contract.id.desc()).offset(offset).limit(limit)
    )
    return list(page), total


# The statements of a contract's creation, built once: it runs on every declaration, and
# building a statement costs more than SQLite takes to run it.
_contracts = Contract.__table__
_REF_TAKEN = select(_contracts.c.id).where(_contracts.c.declaration_ref == bindparam("ref"))
# The identifier is the selling dealer's own: another dealer's is as unknown as a missing one
# (its contracts would open in that dealer's MyIcare).
_DEALER_KNOWN = select(Dealer.__table__.c.icare_id).where(
    Dealer.__table__.c.icare_id == bindparam("icare_id"),
    Dealer.__table__.c.code_rrdi == bindparam("code_rrdi"),
)
# A contract in force on the VIN whose period overlaps [start, end). Periods are half-open:
# a warranty may start the day the previous one ends (a renewal).
_IN_FORCE = (
    select(
        _contracts.c.vin,
        _contracts.c.start_date,
        _contracts.c.end_date,
        _contracts.c.contract_number,
    )
    .where(
        _contracts.c.vin == bindparam("vin"),
        _contracts.c.status == schemas.IN_FORCE,
        _contracts.c.start_date < bindparam("end"),
        _contracts.c.end_date > bindparam("start"),
    )
    .order_by(_contracts.c.id)
    .limit(1)
)
_INSERT = insert(_contracts)


def _ref_taken(session: Session, ref: str) -> bool:
    return session.execute(_REF_TAKEN, {"ref": ref}).first() is not None


# Writing


def _replay(contract: Contract, content: dict[str, Any]) -> Contract:
    """A retry gets the contract back; the same reference with other content is refused."""
    if contract.content != content:
        raise errors.DeclarationRefReused(
            ref=contract.declaration_ref, number=contract.contract_number
        )
    return contract


def create_contract(
    session: Session,
    request: dict[str, Any],
    now: datetime,
    table: dict[str, rules.Level],
) -> tuple[Contract, bool]:
    """The contract of a declaration, and whether it was created now (False for a retry).

    Raises DeclarationRefReused, DealerUnknown, the refusals of `rules.check`, and
    ContractInForce. When a twin request wins the race, this one's transaction is rolled back
    (its number is not spent) and the twin's contract is answered.
    """
    ref = request["declaration_ref"]
    content = schemas.CONTRACT_CONTENT.dump(request)
    if _ref_taken(session, ref):
        return _retried(session, ref, content)
    dealer_icare_id = request["dealer_icare_id"]
    seller = {"icare_id": dealer_icare_id, "code_rrdi": request["selling_dealer"]["code_rrdi"]}
    if session.execute(_DEALER_KNOWN, seller).first() is None:
        raise errors.DealerUnknown(icare_id=dealer_icare_id)
    warranty, vehicle = request["warranty"], request["vehicle"]
    rules.check(warranty, vehicle, table)

    value = next_value(session, sequences, f"contract-{now.year}")  # serialises the rest
    if not _ref_taken(session, ref):
        period = {"start": warranty["start_date"], "end": warranty["end_date"]}
        in_force = session.execute(_IN_FORCE, {"vin": vehicle["vin"], **period}).first()
        if in_force is not None:
            raise errors.ContractInForce(
                vin=in_force.vin,
                start=format_date(in_force.start_date),
                end=format_date(in_force.end_date),
                number=in_force.contract_number,
            )
        row = {
            "contract_number": NUMBER_FORMAT.format(year=now.year, value=value),
            "declaration_ref": ref,
            "dealer_icare_id": dealer_icare_id,
            "status": schemas.IN_FORCE,
            "vin": vehicle["vin"],
            "start_date": warranty["start_date"],
            "end_date": warranty["end_date"],
            "content": content,
            "created_at": now,
        }
        try:
            session.execute(_INSERT, row)
            return Contract(**row, dealer=session.get(Dealer, dealer_icare_id)), True
        except IntegrityError:
            pass  # the unique reference: a twin committed first, where no lock could order us
    session.rollback()
    begin_write(session)  # the twin's contract is read under the reset lock
    if not _ref_taken(session, ref):  # a reset removed it meanwhile: this one makes it again
        return create_contract(session, request, now, table)
    return _retried(session, ref, content)


def _retried(session: Session, ref: str, content: dict[str, Any]) -> tuple[Contract, bool]:
    """The contract already made under this reference, for a retry with the same content."""
    existing = find_by_ref(session, ref)
    if existing is None:
        raise RuntimeError(f"contract of {ref} neither created nor found")
    return _replay(existing, content), False


def reset_dealer(session: Session, code_rrdi: str) -> None:
    """One dealer back to its seeded state: its contracts removed, its identifier still known,
    signed out of MyIcare everywhere."""
    dealer = session.scalar(select(Dealer).where(Dealer.code_rrdi == code_rrdi.strip().upper()))
    if dealer is None:
        raise LookupError(code_rrdi)
    session.execute(delete(Contract).where(Contract.dealer_icare_id == dealer.icare_id))
    sessions.close_all_of(session, dealer.icare_id)


def delete_dealer(session: Session, code_rrdi: str) -> None:
    """A dealer created on demand gone, with its contracts."""
    reset_dealer(session, code_rrdi)
    session.execute(delete(Dealer).where(Dealer.code_rrdi == code_rrdi))
