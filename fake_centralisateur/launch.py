"""The window PVO² opens: `form_url` carries a launch token that signs the dealer in.

As a DMS-to-portal hand-off does, the token is signed (itsdangerous, with the app's secret key),
short-lived (`LAUNCH_TOKEN_MAX_AGE` seconds) and single-use (its nonce is recorded in the
database on first use, so every worker agrees). It names the dealer and the declaration; opened
with no session it signs that dealer in and goes on to the declaration, where the portal's usual
order applies: Profil on a first connection, then page 1, then page 2 pre-filled.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from fake_centralisateur import store
from sandbox.config import public_url_for

SALT = "centralisateur.launch"
TOKEN_ARG = "jeton"

AGAIN = "Cliquez de nouveau sur « Déclarer » dans PVO², ou connectez-vous."
USED = f"Ce lien d'ouverture de la déclaration a déjà servi : il ne sert qu'une fois. {AGAIN}"
EXPIRED = (
    "Ce lien d'ouverture de la déclaration a expiré : il n'est valable que {minutes} minutes "
    f"après le clic sur « Déclarer ». {AGAIN}"
)
INVALID = f"Ce lien d'ouverture de la déclaration n'est pas valide (modifié ou incomplet). {AGAIN}"
OTHER_DEALER = (
    "Ce lien d'ouverture ouvre la déclaration d'un autre point de vente que celui qui est "
    "connecté. Connectez-vous avec le code RRDI Spoticar du point de vente de la déclaration."
)


class LaunchRefused(Exception):
    """The token opens nothing; `message` says why, in the dealer's words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Launch:
    dealer: store.Dealer
    declaration: store.Declaration


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=SALT)


def max_age() -> int:
    return int(current_app.config["LAUNCH_TOKEN_MAX_AGE"])


def launch_url(declaration: store.Declaration) -> str:
    """The address PVO² opens, with a fresh token: every answer of the API carries a new one."""
    token = _serializer().dumps(
        {
            "dealer": declaration.dealer_id,
            "declaration": declaration.public_id,
            "nonce": secrets.token_urlsafe(12),
        }
    )
    return public_url_for(
        "portal.launch_window", public_id=declaration.public_id, **{TOKEN_ARG: token}
    )


def open_launch(
    session: Session, token: str, public_id: str, signed_in: store.Dealer | None
) -> Launch:
    """The dealer and declaration a token opens, its use recorded; raises LaunchRefused.

    Checked in this order: signature and age, the declaration it names (the one in the address,
    of the dealer in the token), the dealer already signed in on this browser, then single use.
    """
    try:
        claims = _serializer().loads(token, max_age=max_age())
    except SignatureExpired as error:
        raise LaunchRefused(EXPIRED.format(minutes=max(1, max_age() // 60))) from error
    except BadSignature as error:
        raise LaunchRefused(INVALID) from error
    if not isinstance(claims, dict) or claims.get("declaration") != public_id:
        raise LaunchRefused(INVALID)
    dealer = session.get(store.Dealer, claims.get("dealer"))
    declaration = store.dealer_declaration(session, dealer, public_id) if dealer else None
    if dealer is None or declaration is None:
        raise LaunchRefused(INVALID)
    if signed_in is not None and signed_in.id != dealer.id:
        raise LaunchRefused(OTHER_DEALER)
    if not store.use_launch_token(session, str(claims.get("nonce")), max_age()):
        raise LaunchRefused(USED)
    return Launch(dealer, declaration)
