"""The dealers every fake knows: the two demo dealers, written out once, and those created on
demand (`POST /__admin/dealers`), so that suites sharing one sandbox never share a dealer.

The Centralisateur seeds their accounts (profile not configured, as on a first connection),
Icare their identifiers, Guidewire their producer codes, the PVO² desk their site and user; the
harness logs in as them and the tests read them from here. A dealer created on demand is kept
in the fake's admin state (`<fake>_admin_dealer`): a whole reset brings it back to its first
connection, it is gone only when deleted.
"""

from __future__ import annotations

import re
import secrets
import string
from dataclasses import asdict, dataclass, fields
from typing import Any

from flask import current_app, g, has_request_context, request
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from sandbox.admin_tables import current_admin_tables

DESK_PASSWORD = "pvo2"  # the demo desk users' password
CODE_RRDI = re.compile(r"^[0-9]{6}[A-Z]$")  # 953617Z: six digits and a letter
CODE_RRDI_MESSAGE = "Un code RRDI : six chiffres et une lettre."
GUIDEWIRE_CLIENT_PREFIX = "dms-"  # a dealer created on demand's own client at Guidewire


def guidewire_client_code(client_id: str) -> str | None:
    """The code RRDI of the dealer whose own Guidewire client this is (`dms-953617z`), or None."""
    if not client_id.startswith(GUIDEWIRE_CLIENT_PREFIX):
        return None
    return client_id.removeprefix(GUIDEWIRE_CLIENT_PREFIX).upper()


_ADDRESS = ("1, rue du Bac à Sable", "75001", "Paris", "01 40 00 00 01")


@dataclass(frozen=True)
class DemoDealer:
    """A dealer as every fake knows it: its identity and its sign-ins on each system."""

    code_rrdi: str  # code RRDI Spoticar: the portal login and Guidewire's producer code
    code_t: str
    name: str
    address: str
    postal_code: str
    city: str
    phone: str
    icare_id: str  # the dealer's identifier at Icare, typed in the Profil page
    password: str = "spoticar"
    desk_site: str = ""  # its site on the PVO² desk, and the salesperson who signs in there
    desk_user: str = ""
    desk_user_name: str = ""
    desk_password: str = DESK_PASSWORD
    on_demand: bool = False  # created by `POST /__admin/dealers`, deleted the same way

    @property
    def login(self) -> tuple[str, str]:
        """(code RRDI, password), as HTTP Basic auth and the login form take them."""
        return self.code_rrdi, self.password

    @property
    def guidewire_client(self) -> tuple[str, str] | None:
        """The OAuth2 client (id, secret) a dealer created on demand has at Guidewire, for its
        own DMS; the demo dealers use the configured clients (`pvo2`)."""
        if not self.on_demand:
            return None
        return f"{GUIDEWIRE_CLIENT_PREFIX}{self.code_rrdi.lower()}", self.password

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DemoDealer:
        known = {field.name for field in fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in known})

    def described(self) -> dict[str, Any]:
        """What the admin API answers about the dealer, its passwords and client left out."""
        return {
            key: value
            for key, value in self.to_json().items()
            if key not in ("password", "desk_password")
        }

    def credentials(self) -> dict[str, Any]:
        """What the admin API answers when it creates the dealer: every identifier and every
        secret to sign in with, on each system."""
        client = self.guidewire_client
        return {
            **self.to_json(),
            "myicare_login": self.icare_id,
            "guidewire_producer_code": self.code_rrdi,
            "guidewire_client_id": client[0] if client else None,
            "guidewire_client_secret": client[1] if client else None,
        }


AXILOG = DemoDealer(
    code_rrdi="953617Z",
    code_t="RS8010004",
    name="AXILOG DEMO",
    address="3, Allée Edmé Lheureux",
    postal_code="94340",
    city="Joinville-le-Pont",
    phone="+33 (0)1 41 79 31 50",
    icare_id="IC-953617",
    desk_site="PE01",
    desk_user="hakim.ab",
    desk_user_name="Hakim AB",
)
GARAGE_DU_PARC = DemoDealer(
    code_rrdi="751020A",
    code_t="RS7510200",
    name="GARAGE DU PARC TEST",
    address="12, rue des Essais",
    postal_code="75020",
    city="Paris",
    phone="01 40 00 00 20",
    icare_id="IC-751020",
    desk_site="PA20",
    desk_user="lea.martin",
    desk_user_name="Léa Martin",
)
DEMO_DEALERS = (AXILOG, GARAGE_DU_PARC)


def new_dealer(code_rrdi: str, password: str | None = None) -> DemoDealer:
    """A dealer in the shapes of the demo ones, made from its code RRDI (`123456B`: Icare
    `IC-123456`, desk site `S123456B` and user `vendeur.123456b`), with a password of its own."""
    digits = code_rrdi[:6]
    address, postal_code, city, phone = _ADDRESS
    password = password or secrets.token_urlsafe(12)
    return DemoDealer(
        code_rrdi=code_rrdi,
        code_t=f"RS{digits}1",
        name=f"CONCESSION {code_rrdi}",
        address=address,
        postal_code=postal_code,
        city=city,
        phone=phone,
        icare_id=f"IC-{digits}",
        password=password,
        desk_site=f"S{code_rrdi}",
        desk_user=f"vendeur.{code_rrdi.lower()}",
        desk_user_name=f"Vendeur {code_rrdi}",
        desk_password=password,
        on_demand=True,
    )


def random_code(taken: set[str]) -> str:
    """A code RRDI in the demo ones' shape whose six digits no known dealer has (its Icare
    identifier is made of them)."""
    used = {code[:6] for code in taken}
    while True:
        digits = f"{secrets.randbelow(900_000) + 100_000}"
        if digits not in used:
            return digits + secrets.choice(string.ascii_uppercase)


# The dealers created on demand, kept in the fake's admin state.


def on_demand(session: Session) -> list[DemoDealer]:
    """The dealers created on demand, oldest first."""
    table = current_admin_tables().dealers
    rows = session.execute(select(table.c.dealer).order_by(table.c.id))
    return [DemoDealer.from_json(row.dealer) for row in rows]


def every_dealer(session: Session) -> list[DemoDealer]:
    """The demo dealers, then those created on demand: what a fake seeds."""
    return [*DEMO_DEALERS, *on_demand(session)]


def find_dealer(session: Session, code_rrdi: str) -> DemoDealer | None:
    """The dealer with this code RRDI, demo or created on demand."""
    code = code_rrdi.strip().upper()
    demo = next((d for d in DEMO_DEALERS if d.code_rrdi == code), None)
    if demo is not None:
        return demo
    table = current_admin_tables().dealers
    row = session.execute(select(table.c.dealer).where(table.c.code == code)).first()
    return DemoDealer.from_json(row.dealer) if row else None


def keep(session: Session, dealer: DemoDealer) -> None:
    table = current_admin_tables().dealers
    session.execute(insert(table).values(code=dealer.code_rrdi, dealer=dealer.to_json()))


def forget(session: Session, code_rrdi: str) -> None:
    table = current_admin_tables().dealers
    session.execute(delete(table).where(table.c.code == code_rrdi))


def request_dealer() -> str | None:
    """The code RRDI of the dealer whose call this is, as the fake tells it (its
    `sandbox.request_dealer`: a login, a session, an identifier in the body), found once per
    request; None when it cannot tell. Dealer-scoped faults and clocks ask it. A call to the
    admin API is nobody's: a reset re-seeds under the store's write lock, and asking the fake
    who is calling would wait on that lock from a second connection."""
    if not has_request_context() or request.path.startswith("/__admin"):
        return None
    if "sandbox_dealer" not in g:
        tell = current_app.extensions.get("sandbox.request_dealer")
        g.sandbox_dealer_pending = True  # the clock answers without it meanwhile
        try:
            found = tell() if tell is not None else None
        finally:
            g.sandbox_dealer_pending = False
        g.sandbox_dealer = found.strip().upper() if found else None
    return g.sandbox_dealer
