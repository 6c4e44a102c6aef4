"""PSA Assurance's PolicyCenter state: accounts, jobs, policies, tokens and transaction ids.

Ids are opaque strings `pc:<n>` as Guidewire's are; numbers come from counters that survive
resets (`gw_sequences`), so neither an id nor a job or policy number is ever given out twice.
Jobs move Draft -> Quoted -> Bound (or Withdrawn) through `TRANSITIONS`; rating and
underwriting are in `rules.py`.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from fake_guidewire import errors
from sandbox import coverage
from sandbox.clock import now
from sandbox.dealers import (
    CODE_RRDI,
    DemoDealer,
    every_dealer,
    find_dealer,
    guidewire_client_code,
)
from sandbox.logins import failure_table
from sandbox.sequences import next_value, sequence_table

DRAFT, QUOTED, BOUND, WITHDRAWN = "Draft", "Quoted", "Bound", "Withdrawn"
QUOTE, BIND_AND_ISSUE, WITHDRAW = "quote", "bind-and-issue", "withdraw"

# (state, action) -> next state. What is not here is refused.
TRANSITIONS: dict[tuple[str, str], str] = {
    (DRAFT, QUOTE): QUOTED,
    (QUOTED, QUOTE): QUOTED,  # re-quoting a quoted job is allowed, as in PolicyCenter
    (QUOTED, BIND_AND_ISSUE): BOUND,
    (DRAFT, WITHDRAW): WITHDRAWN,  # the buyer changed their mind: no policy
    (QUOTED, WITHDRAW): WITHDRAWN,
}

# Number formats (documented in the package docstring).
ID_START = 1000  # ids pc:1001, pc:1002...
ACCOUNT_NUMBER_BASE = 2_000_000_000  # 10 digits: 2000000001
JOB_NUMBER_FORMAT = "{:010d}"  # 10 digits, zero-padded: 0000000001
POLICY_NUMBER_FORMAT = "PSAVO{:08d}"  # PSAVO00000001


class Base(DeclarativeBase):
    pass


class ProducerCode(Base):
    """A dealer's producer code at PSA Assurance (its code RRDI Spoticar)."""

    __tablename__ = "gw_producer_codes"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))


class Token(Base):
    """An issued bearer token, stored as its SHA-256 only."""

    __tablename__ = "gw_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    client_id: Mapped[str] = mapped_column(String(100))
    scopes: Mapped[list[str]] = mapped_column(JSON)
    expires_at: Mapped[float]


class TransactionId(Base):
    """Guidewire's TransactionID table: a `GW-DBTransaction-ID` once committed is refused."""

    __tablename__ = "gw_transaction_ids"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    client_id: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[float] = mapped_column(default=lambda: now().timestamp())


class Account(Base):
    __tablename__ = "gw_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    account_number: Mapped[str] = mapped_column(String(20), unique=True)
    client_id: Mapped[str] = mapped_column(String(100), index=True)
    holder: Mapped[dict[str, Any]] = mapped_column(JSON)
    producer_codes: Mapped[list[str]] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(default=1)

    @property
    def holder_name(self) -> str:
        return f"{self.holder['firstName']} {self.holder['lastName']}"


class Job(Base):
    """A submission job; its vehicle and cover are PSA extensions (`_Ext`) of the submission."""

    __tablename__ = "gw_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    job_number: Mapped[str] = mapped_column(String(20), unique=True)
    client_id: Mapped[str] = mapped_column(String(100), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("gw_accounts.id"), index=True)
    producer_code: Mapped[str] = mapped_column(String(16))
    product: Mapped[str] = mapped_column(String(40))
    effective_date: Mapped[date]
    vehicle: Mapped[dict[str, Any]] = mapped_column(JSON)
    cover: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(10), default=DRAFT)
    total_premium: Mapped[str | None] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(default=1)

    account: Mapped[Account] = relationship(lazy="joined")
    policy: Mapped[Policy | None] = relationship(back_populates="job", lazy="joined")


class Policy(Base):
    __tablename__ = "gw_policies"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    policy_number: Mapped[str] = mapped_column(String(20), unique=True)
    client_id: Mapped[str] = mapped_column(String(100), index=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("gw_jobs.id"), unique=True)
    period_start: Mapped[date]
    period_end: Mapped[date]
    version: Mapped[int] = mapped_column(default=1)

    job: Mapped[Job] = relationship(back_populates="policy", lazy="joined")

    @property
    def display_status(self) -> str:
        """PolicyCenter's `PeriodDisplayStatus` on the day of the producer's clock: the period
        runs from `period_start` to `period_end`, its last day covered."""
        state = coverage.state_for(
            self.job.producer_code, self.period_start, self.period_end, end_covered=True
        )
        return DISPLAY_STATUSES[state]


# PolicyCenter's words for a policy period before, during and after its cover.
DISPLAY_STATUSES = {
    coverage.UPCOMING: "Scheduled",
    coverage.IN_FORCE: "In Force",
    coverage.EXPIRED: "Expired",
}
metadata = Base.metadata
sequences = sequence_table(metadata, "gw_sequences")
# Failed client authentications of /oauth2/token, per client address and client id.
login_failures = failure_table(metadata, "gw_login_failures")


def seed(session: Session) -> None:
    """The clean state: the producer codes of every dealer (the demo ones, those created on
    demand). Idempotent (merge), so reopening a database whose first table is empty cannot
    duplicate them."""
    for dealer in every_dealer(session):
        add_dealer(session, dealer)


def add_dealer(session: Session, dealer: DemoDealer) -> None:
    session.merge(ProducerCode(code=dealer.code_rrdi, name=dealer.name))


def checksum(kind: str, public_id: str, version: int) -> str:
    """An opaque version string that changes whenever the resource changes."""
    return hashlib.blake2b(f"{kind}:{public_id}:{version}".encode(), digest_size=16).hexdigest()


def new_id(session: Session) -> str:
    return f"pc:{ID_START + next_value(session, sequences, 'id')}"


# Tokens


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def store_token(session: Session, token: str, client_id: str, scopes: list[str], ttl: int) -> None:
    session.execute(Token.__table__.delete().where(Token.expires_at <= now().timestamp()))
    session.add(
        Token(
            token_hash=hash_token(token),
            client_id=client_id,
            scopes=scopes,
            expires_at=now().timestamp() + ttl,
        )
    )


def valid_token(session: Session, token: str) -> Token | None:
    """The token if it was issued here and has not expired."""
    found = session.get(Token, hash_token(token))
    if found is None or found.expires_at <= now().timestamp():
        return None
    return found


def claim_transaction(session: Session, transaction_id: str, client_id: str) -> None:
    """Insert a `GW-DBTransaction-ID`; it is committed with the business action or not at all.

    Raises AlreadyExecutedException when the id was committed before.
    """
    if len(transaction_id) > 128:
        raise errors.BadInputException(
            "The GW-DBTransaction-ID header must be at most 128 characters",
            details=[errors.detail("Value too long", parameterLocation="header")],
        )
    if session.get(TransactionId, transaction_id) is not None:
        raise errors.AlreadyExecutedException(
            f"The transaction with id '{transaction_id}' has already been executed",
            details=[
                errors.detail(
                    "Duplicate GW-DBTransaction-ID",
                    parameterLocation="header",
                    parameterName="GW-DBTransaction-ID",
                    transactionId=transaction_id,
                )
            ],
        )
    session.add(TransactionId(id=transaction_id, client_id=client_id))
    try:
        session.flush()
    except IntegrityError as exc:  # a concurrent request committed it first
        raise errors.AlreadyExecutedException(
            f"The transaction with id '{transaction_id}' has already been executed"
        ) from exc


# Reading what a caller may see


def producer_code(session: Session, code: str) -> ProducerCode | None:
    return session.get(ProducerCode, code)


def job_producer_code(session: Session, public_id: str) -> str | None:
    return session.scalar(select(Job.producer_code).where(Job.public_id == public_id))


def on_demand_code(session: Session, code: str) -> bool:
    """Whether `code` is the producer code of a dealer created on demand."""
    dealer = find_dealer(session, code) if CODE_RRDI.match(code) else None
    return dealer is not None and dealer.on_demand


def dealer_client(session: Session, client_id: str) -> dict[str, Any] | None:
    """The OAuth2 client of a dealer created on demand (`dms-<code>`), as a configured one:
    its secret is the dealer's password, its one producer code the dealer's code RRDI."""
    code = guidewire_client_code(client_id)
    dealer = find_dealer(session, code) if code is not None else None
    if dealer is None or dealer.guidewire_client is None:
        return None
    return {"secret": dealer.password, "producerCodes": [dealer.code_rrdi]}


def _owned(
    session: Session, model: type[Any], client_id: str, public_id: str, for_update: bool = False
) -> Any:
    query = select(model).where(model.public_id == public_id, model.client_id == client_id)
    return session.scalar(query.with_for_update(of=model) if for_update else query)


def account(session: Session, client_id: str, public_id: str) -> Account | None:
    return _owned(session, Account, client_id, public_id)


def job(session: Session, client_id: str, public_id: str, for_update: bool = False) -> Job | None:
    """`for_update` before an action (quote, bind): the row is held to the commit (PostgreSQL;
    SQLite's writer holds the database), so two binds at once issue one policy, the second
    finding the job bound and refused by `TRANSITIONS`."""
    return _owned(session, Job, client_id, public_id, for_update)


def policy(session: Session, client_id: str, public_id: str) -> Policy | None:
    return _owned(session, Policy, client_id, public_id)


def page(
    session: Session, model: type[Any], client_id: str, offset: int, size: int
) -> tuple[list[Any], int]:
    """One page of the caller's resources, oldest first, and how many there are in all."""
    where = model.client_id == client_id
    total = session.scalar(select(func.count()).select_from(model).where(where)) or 0
    rows = session.scalars(select(model).where(where).order_by(model.id).offset(offset).limit(size))
    return list(rows.unique()), total


# Writing


def create_account(
    session: Session, client_id: str, holder: dict[str, Any], producer_codes: list[str]
) -> Account:
    created = Account(
        public_id=new_id(session),
        account_number=str(ACCOUNT_NUMBER_BASE + next_value(session, sequences, "account")),
        client_id=client_id,
        holder=holder,
        producer_codes=producer_codes,
    )
    session.add(created)
    session.flush()
    return created


def create_job(session: Session, client_id: str, account_: Account, **values: Any) -> Job:
    created = Job(
        public_id=new_id(session),
        job_number=JOB_NUMBER_FORMAT.format(next_value(session, sequences, "job")),
        client_id=client_id,
        account=account_,
        **values,
    )
    session.add(created)
    session.flush()
    return created


def next_state(job_: Job, action: str) -> str:
    """The state `action` leads to; BadInputException when the table refuses it."""
    target = TRANSITIONS.get((job_.status, action))
    if target is None:
        allowed = sorted(a for (state, a) in TRANSITIONS if state == job_.status)
        raise errors.BadInputException(
            f"The action '{action}' is not allowed on job {job_.job_number} in status "
            f"'{job_.status}'",
            user_message=f"Job {job_.job_number} cannot be {_past(action)} in its current status",
            details=[
                errors.detail(
                    f"Job status is {job_.status}",
                    jobStatus=job_.status,
                    action=action,
                    allowedActions=allowed,
                )
            ],
        )
    return target


def _past(action: str) -> str:
    past = {QUOTE: "quoted", BIND_AND_ISSUE: "bound and issued", WITHDRAW: "withdrawn"}
    return past.get(action, action)


def mark_quoted(job_: Job, premium: str) -> None:
    job_.status = next_state(job_, QUOTE)
    job_.total_premium = premium
    job_.version += 1


def withdraw(job_: Job) -> None:
    job_.status = next_state(job_, WITHDRAW)
    job_.version += 1


def bind_and_issue(session: Session, job_: Job, period_end: date) -> Policy:
    job_.status = next_state(job_, BIND_AND_ISSUE)
    job_.version += 1
    issued = Policy(
        public_id=new_id(session),
        policy_number=POLICY_NUMBER_FORMAT.format(next_value(session, sequences, "policy")),
        client_id=job_.client_id,
        job=job_,
        period_start=job_.effective_date,
        period_end=period_end,
    )
    session.add(issued)
    session.flush()
    return issued


def reset_dealer(session: Session, code_rrdi: str) -> None:
    """One producer code back to its seeded state: its jobs, policies and accounts removed."""
    code = producer_code(session, code_rrdi.strip().upper())
    if code is None:
        raise LookupError(code_rrdi)
    jobs = select(Job.id).where(Job.producer_code == code.code)
    session.execute(delete(Policy).where(Policy.job_id.in_(jobs)))
    accounts = set(session.scalars(select(Job.account_id).where(Job.producer_code == code.code)))
    session.execute(delete(Job).where(Job.producer_code == code.code))
    accounts |= {a.id for a in session.scalars(select(Account)) if code.code in a.producer_codes}
    session.execute(delete(Account).where(Account.id.in_(accounts)))


def delete_dealer(session: Session, code_rrdi: str) -> None:
    """A dealer created on demand gone: its producer code, what was made under it, and the
    tokens of its own client."""
    reset_dealer(session, code_rrdi)
    session.execute(delete(ProducerCode).where(ProducerCode.code == code_rrdi))
    dealer = find_dealer(session, code_rrdi)
    client = dealer.guidewire_client if dealer else None
    if client is not None:
        session.execute(delete(Token).where(Token.client_id == client[0]))
