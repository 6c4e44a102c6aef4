"""The Centralisateur's tables and the functions that read and write them.

A declaration starts as a draft ("brouillon", what PVO² pre-fills) and becomes "déclarée" once
"Déclarer et Garantir" accepted it; only then does it get its number. The Icare contract is a
separate state of the declaration: created, or pending when Icare could not be reached. What may
be done in each state is the table `TRANSITIONS`; views and the API ask it, never the columns.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, bindparam, delete, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from fake_centralisateur import errors
from fake_centralisateur.schemas import ICARE_ID_NOT_YOURS, FieldError
from sandbox.clock import now, today
from sandbox.dealers import DemoDealer, every_dealer, find_dealer
from sandbox.idempotency import IdempotencyKeys
from sandbox.logins import failure_table, seed_password_hash
from sandbox.sequences import next_value, sequence_table
from sandbox.sessions import Sessions

DRAFT, DECLARED = "brouillon", "déclarée"
CONTRACT_CREATED, CONTRACT_PENDING = "créé", "en attente"

# What is done to a declaration: complete the draft, declare it ("Déclarer et Garantir"), ask
# Icare again for a pending contract, read the confirmations and documents.
EDIT, DECLARE, RETRY_CONTRACT, READ_DOCUMENTS = "edit", "declare", "retry-contract", "documents"
# (state, action) -> next state; what is not here is refused. A declaration's state is its status,
# or CONTRACT_PENDING while a declared one waits for its contract.
TRANSITIONS: dict[tuple[str, str], str] = {
    (DRAFT, EDIT): DRAFT,
    (DRAFT, DECLARE): DECLARED,  # CONTRACT_PENDING when Icare gave no contract
    (CONTRACT_PENDING, RETRY_CONTRACT): DECLARED,  # stays pending while Icare gives none
    (CONTRACT_PENDING, READ_DOCUMENTS): CONTRACT_PENDING,
    (DECLARED, READ_DOCUMENTS): DECLARED,
}
# What a caller is told when the table refuses an action.
REFUSALS: dict[str, type[errors.CentralisateurError]] = {
    EDIT: errors.NotADraft,
    DECLARE: errors.NotADraft,
    RETRY_CONTRACT: errors.ContractNotPending,
    READ_DOCUMENTS: errors.DeclarationNotFound,
}

# Garantisseurs of the commercial warranty, as the portal names them.
SPOTICAR, AUTOGARANTIE, CIRANO = "spoticar", "autogarantie", "cirano"
GARANTISSEURS = {
    SPOTICAR: "Garantie SPOTiCAR Stellantis",
    AUTOGARANTIE: "Auto Garantie",
    CIRANO: "Garantie Cirano",
}


class Base(DeclarativeBase):
    pass


class Dealer(Base):
    """A point of sale known to the Centralisateur, and its profile of garantisseurs."""

    __tablename__ = "cz_dealers"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_rrdi: Mapped[str] = mapped_column(String(16), unique=True)
    code_t: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(100))
    postal_code: Mapped[str] = mapped_column(String(5))
    city: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(100), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    profile_configured: Mapped[bool] = mapped_column(default=False)
    # The Icare identifier of this point of sale as the network knows it: the only one its
    # Profil accepts (Icare opens the contracts of an identifier in its owner's MyIcare).
    own_icare_id: Mapped[str] = mapped_column(String(20))
    icare_id: Mapped[str | None] = mapped_column(String(20))
    autogarantie: Mapped[bool] = mapped_column(default=False)
    cirano: Mapped[bool] = mapped_column(default=False)
    cirano_id: Mapped[str | None] = mapped_column(String(20))

    @property
    def garantisseurs(self) -> dict[str, str]:
        """The commercial warranties this dealer may choose on page 1 of a declaration."""
        chosen = {SPOTICAR: True, AUTOGARANTIE: self.autogarantie, CIRANO: self.cirano}
        return {key: label for key, label in GARANTISSEURS.items() if chosen[key]}


class Declaration(Base):
    __tablename__ = "cz_declarations"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(
        String(32), unique=True, default=lambda: secrets.token_hex(8)
    )
    dealer_id: Mapped[int] = mapped_column(ForeignKey("cz_dealers.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=DRAFT)
    garantisseur: Mapped[str | None] = mapped_column(String(20))
    fields: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Text typed on page 2 that no draft value can hold (a date that is none): kept apart from
    # `fields`, which stay readable, and shown back on the form (`fake_centralisateur.drafts`).
    typed: Mapped[dict[str, str] | None] = mapped_column(JSON)
    number: Mapped[str | None] = mapped_column(String(20), unique=True)
    contract_number: Mapped[str | None] = mapped_column(String(30))
    contract_status: Mapped[str | None] = mapped_column(String(20))
    contract_url: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=now)
    declared_at: Mapped[datetime | None]

    @property
    def state(self) -> str:
        """The state `TRANSITIONS` knows: the status, or CONTRACT_PENDING."""
        if self.status == DECLARED and self.contract_status == CONTRACT_PENDING:
            return CONTRACT_PENDING
        return self.status


def allows(declaration: Declaration, action: str) -> bool:
    return (declaration.state, action) in TRANSITIONS


def require(declaration: Declaration, action: str) -> str:
    """The state `action` leads to; the action's refusal (a CentralisateurError) otherwise."""
    target = TRANSITIONS.get((declaration.state, action))
    if target is None:
        raise REFUSALS[action]()
    return target


class UsedLaunchToken(Base):
    """A launch token already opened. Kept in the database, not in a worker's memory, so that
    every worker and replica refuses it the second time."""

    __tablename__ = "cz_used_launch_tokens"

    nonce: Mapped[str] = mapped_column(String(32), primary_key=True)
    used_at: Mapped[datetime] = mapped_column(default=now, index=True)


metadata = Base.metadata
sequences = sequence_table(metadata, "cz_sequences")
# Portal sign-ins (by code RRDI) and failed logins; a reset ends them all.
sessions = Sessions(metadata, "cz_sessions")
login_failures = failure_table(metadata, "cz_login_failures")
idempotency_keys = IdempotencyKeys(metadata, "cz_idempotency_keys")  # per dealer (code RRDI)


def _seeded(dealer: DemoDealer) -> dict[str, Any]:
    """A demo dealer's row as seeded: profile not configured (no Icare identifier yet)."""
    return {
        "code_rrdi": dealer.code_rrdi,
        "code_t": dealer.code_t,
        "name": dealer.name,
        "address": dealer.address,
        "postal_code": dealer.postal_code,
        "city": dealer.city,
        "phone": dealer.phone,
        "own_icare_id": dealer.icare_id,
        "icare_id": None,
    }


def seed(session: Session) -> None:
    """Every dealer (the demo ones, those created on demand), as on a first connection."""
    for dealer in every_dealer(session):
        add_dealer(session, dealer)


def add_dealer(session: Session, dealer: DemoDealer) -> None:
    """A dealer's account as on its first connection."""
    session.add(Dealer(**_seeded(dealer), password_hash=seed_password_hash(dealer.password)))


def reset_dealer(session: Session, code_rrdi: str) -> None:
    """One dealer back to its seeded state: no declarations, profile not configured, signed
    out everywhere."""
    seeded = find_dealer(session, code_rrdi)
    dealer = dealer_by_code(session, code_rrdi)
    if dealer is None or seeded is None:
        raise LookupError(code_rrdi)
    session.execute(delete(Declaration).where(Declaration.dealer_id == dealer.id))
    sessions.close_all_of(session, dealer.code_rrdi)
    idempotency_keys.forget(session, dealer.code_rrdi)
    for key, value in _seeded(seeded).items():
        setattr(dealer, key, value)
    dealer.profile_configured = False
    dealer.autogarantie = dealer.cirano = False
    dealer.cirano_id = None


def delete_dealer(session: Session, code_rrdi: str) -> None:
    """A dealer created on demand gone, with everything it did."""
    reset_dealer(session, code_rrdi)
    session.execute(delete(Dealer).where(Dealer.code_rrdi == code_rrdi))


_DEALER_BY_CODE = select(Dealer).where(Dealer.code_rrdi == bindparam("code"))  # each API call


def dealer_by_code(session: Session, code_rrdi: str) -> Dealer | None:
    return session.scalar(_DEALER_BY_CODE, {"code": code_rrdi.strip().upper()})


def configure_profile(session: Session, dealer: Dealer, profile: dict[str, Any]) -> None:
    """Every field of the profile from the request alone, none from what was read: two at once
    are two whole profiles, the last committed stays (READ COMMITTED is enough; the writer's
    reset lock keeps a reset from removing the dealer meanwhile).

    Raises ProfileRefused when the Icare identifier is not the dealer's own.
    """
    if profile["icare_id"].strip().upper() != dealer.own_icare_id:
        message = ICARE_ID_NOT_YOURS.format(icare_id=profile["icare_id"])
        raise errors.ProfileRefused([FieldError("icare_id", "icare_id", message)])
    dealer.icare_id = dealer.own_icare_id
    dealer.autogarantie = profile["autogarantie"]
    dealer.cirano = profile["cirano"]
    dealer.cirano_id = profile.get("cirano_id") if profile["cirano"] else None
    dealer.profile_configured = True


def create_draft(
    session: Session, dealer: Dealer, fields: dict[str, Any], garantisseur: str | None = None
) -> Declaration:
    declaration = Declaration(dealer_id=dealer.id, fields=fields, garantisseur=garantisseur)
    session.add(declaration)
    session.flush()
    return declaration


def complete_draft(
    declaration: Declaration, fields: dict[str, Any], garantisseur: str | None
) -> None:
    """Values given replace those of the same fields; NotADraft once declared."""
    require(declaration, EDIT)
    declaration.fields = {**declaration.fields, **fields}
    declaration.typed = {k: v for k, v in (declaration.typed or {}).items() if k not in fields}
    declaration.garantisseur = garantisseur


def discard_draft(session: Session, declaration: Declaration) -> None:
    """A draft the API created and submitted at once, refused: nothing of it is kept. A delete
    by its id (not the ORM's, which fails when a reset removed the row meanwhile)."""
    require(declaration, EDIT)
    session.execute(
        delete(Declaration).where(Declaration.id == declaration.id, Declaration.status == DRAFT)
    )


def hold_declaration(session: Session, declaration: Declaration) -> Declaration | None:
    """The declaration as stored now, its row locked until the transaction ends (PostgreSQL's
    `FOR UPDATE`; SQLite's writer already holds the whole database): read-then-write at READ
    COMMITTED with the row held, so a concurrent writer of the same declaration waits and then
    reads what this one wrote. None when it was removed."""
    return session.get(Declaration, declaration.id, populate_existing=True, with_for_update=True)


def use_launch_token(session: Session, nonce: str, max_age: int) -> bool:
    """Record a launch token's first use; False when it was used before.

    Rows older than twice the tokens' lifetime are dropped: such a token is refused as expired.
    """
    session.execute(
        delete(UsedLaunchToken).where(
            UsedLaunchToken.used_at < now() - timedelta(seconds=2 * max_age)
        )
    )
    try:
        with session.begin_nested():
            session.add(UsedLaunchToken(nonce=nonce))
    except IntegrityError:
        return False
    return True


def dealer_declaration(session: Session, dealer: Dealer, public_id: str) -> Declaration | None:
    """A declaration of this dealer; another dealer's is as good as absent."""
    return session.scalar(
        select(Declaration).where(
            Declaration.public_id == public_id, Declaration.dealer_id == dealer.id
        )
    )


SEARCH_MAX = 100


def search_declarations(
    session: Session, dealer: Dealer, query: str = "", limit: int = 200, offset: int = 0
) -> tuple[list[Declaration], int]:
    """One page of the dealer's declarations, newest first, matching a number, name, plate or
    VIN (its first `SEARCH_MAX` characters: none is longer, and SQLite refuses patterns past
    50,000), and how many match in all."""
    where = [Declaration.dealer_id == dealer.id]
    query = query.strip()[:SEARCH_MAX]
    if query:
        pattern = f"%{query.lower()}%"
        where.append(
            or_(
                func.lower(Declaration.number).like(pattern),
                func.lower(Declaration.contract_number).like(pattern),
                func.lower(Declaration.fields["nom"].as_string()).like(pattern),
                func.lower(Declaration.fields["prenom"].as_string()).like(pattern),
                func.lower(Declaration.fields["immatriculation"].as_string()).like(pattern),
                func.lower(Declaration.fields["vin"].as_string()).like(pattern),
            )
        )
    total = session.scalar(select(func.count()).select_from(Declaration).where(*where)) or 0
    page = select(Declaration).where(*where).order_by(Declaration.id.desc())
    return list(session.scalars(page.offset(offset).limit(limit))), total


def record_declaration(
    session: Session,
    declaration: Declaration,
    values: dict[str, Any],
    contract: dict[str, Any] | None,
) -> None:
    """Mark a draft declared with its clean values and number, and the Icare outcome."""
    status = require(declaration, DECLARE)
    year = today().year  # the sandbox's clock, as Icare numbers its contracts
    declaration.number = f"DEC{year}-{next_value(session, sequences, f'declaration-{year}'):07d}"
    declaration.status = status
    declaration.fields = values
    declaration.declared_at = now()
    record_contract(declaration, contract)


def record_contract(declaration: Declaration, contract: dict[str, Any] | None) -> None:
    """Keep Icare's contract, or mark it pending when Icare gave none."""
    if contract is None:
        declaration.contract_status = CONTRACT_PENDING
        return
    declaration.contract_number = contract["contract_number"]
    declaration.contract_url = contract.get("myicare_url")
    declaration.contract_status = CONTRACT_CREATED
