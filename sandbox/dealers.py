"""The demo dealers every fake knows after a reset, written out once.

The Centralisateur seeds their accounts (profile not configured, as on a first connection),
Icare their identifiers, Guidewire their producer codes; the harness logs in as them and the
tests read them from here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoDealer:
    code_rrdi: str  # code RRDI Spoticar: the portal login and Guidewire's producer code
    code_t: str
    name: str
    address: str
    postal_code: str
    city: str
    phone: str
    icare_id: str  # the dealer's identifier at Icare, typed in the Profil page
    password: str = "spoticar"

    @property
    def login(self) -> tuple[str, str]:
        """(code RRDI, password), as HTTP Basic auth and the login form take them."""
        return self.code_rrdi, self.password


AXILOG = DemoDealer(
    code_rrdi="953617Z",
    code_t="RS8010004",
    name="AXILOG DEMO",
    address="3, Allée Edmé Lheureux",
    postal_code="94340",
    city="Joinville-le-Pont",
    phone="+33 (0)1 41 79 31 50",
    icare_id="IC-953617",
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
)
DEMO_DEALERS = (AXILOG, GARAGE_DU_PARC)
