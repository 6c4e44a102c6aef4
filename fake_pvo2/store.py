"""The desk's state: the sites (Fiche d'identité du site), their PVO² users, and their dossiers.

A dossier is an offer and, once "Générer le bon de commande" was clicked, its BDC: it is kept
as a `pvo2-bdc/1` document (`pvo_client.bdc_file`), so what the desk shows, prints and declares
is exactly what `pvo_client` reads from a file. The site of a dossier is always its dealer's
current site (Paramètres), as in PVO², where a BDC does not carry its own copy of the settings.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint, delete, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from stdnum import luhn

from pvo_client.bdc_file import dump_bdc, load_bdc
from pvo_client.bdc_file.schema import SiteSchema
from pvo_client.domain import BonDeCommande
from pvo_client.domain import Site as SiteIdentity
from sandbox.clock import today
from sandbox.dealers import DEMO_DEALERS, DESK_PASSWORD, DemoDealer, every_dealer, find_dealer
from sandbox.idempotency import IdempotencyKeys
from sandbox.logins import failure_table, seed_password_hash
from sandbox.sessions import Sessions

BDC_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "bdc"
DEMO_PASSWORD = DESK_PASSWORD
OFFER_SOURCE, SEEDED_OFFER = "7414134", "7414201"  # the tutorial's offer, seeded again as new


class Base(DeclarativeBase):
    pass


class Site(Base):
    """A PVO² site; `identity` is its block `site` of the BDC format (Paramètres)."""

    __tablename__ = "pvo2_sites"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    identity: Mapped[dict[str, Any]] = mapped_column(JSON)
    # PVO² keeps the site's Centralisateur credentials to call its API for the dealer: its
    # login is the code RRDI of the dealer the site belongs to, the only one its identity may
    # carry (`foreign_code_rrdi`).
    centralisateur_login: Mapped[str] = mapped_column(String(16))
    centralisateur_password: Mapped[str] = mapped_column(String(100))

    @property
    def settings(self) -> SiteIdentity:
        return SiteSchema().load(self.identity)


class User(Base):
    """A salesperson who signs in to PVO²."""

    __tablename__ = "pvo2_users"

    login: Mapped[str] = mapped_column(String(60), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(200))
    site_code: Mapped[str] = mapped_column(ForeignKey("pvo2_sites.code"))


class Dossier(Base):
    """An offer, and its BDC once generated; `document` is the `pvo2-bdc/1` file."""

    __tablename__ = "pvo2_dossiers"
    __table_args__ = (UniqueConstraint("site_code", "numero"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_code: Mapped[str] = mapped_column(ForeignKey("pvo2_sites.code"), index=True)
    numero: Mapped[str] = mapped_column(String(40))
    bdc_generated: Mapped[bool] = mapped_column(default=True)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)


metadata = Base.metadata
# Sign-ins of the desk's pages (by login): a logout or a reset ends them on the server.
sessions = Sessions(metadata, "pvo2_sessions")
login_failures = failure_table(metadata, "pvo2_login_failures")
idempotency_keys = IdempotencyKeys(metadata, "pvo2_idempotency_keys")  # per user (login)


# Dealer code RRDI -> (site code, its users (login, name)); the identity of AXILOG DEMO's site is
# the tutorial's, as its BDCs carry it.
def site_identity(dealer: DemoDealer, site_code: str) -> dict[str, Any]:
    """The Paramètres of a dealer's site that no BDC of fixtures/bdc/ carries: its identity,
    and a SIRET of its own made from its code RRDI (Luhn keys computed; GARAGE DU PARC TEST's
    is 75102000900005)."""
    siren = dealer.code_rrdi[:6] + "00"
    siren += luhn.calc_check_digit(siren)
    establishment = siren + "0000"
    return {
        "code": site_code,
        "libelle": dealer.name,
        "raison_sociale": dealer.name,
        "siret": establishment + luhn.calc_check_digit(establishment),
        "ape": "45.11Z",
        "capital": 50000,
        "type_societe": "SARL",
        "code_rrdi": dealer.code_rrdi,
        "marques": ["PEUGEOT", "CITROËN"],
        "adresse": {
            "ligne": dealer.address,
            "code_postal": dealer.postal_code,
            "ville": dealer.city,
        },
        "telephone": dealer.phone,
        "garantisseurs": ["Déclaration de garantie Spoticar", "Déclaration PSA Insurance"],
    }


def _fixtures(bdc_dir: Path) -> list[dict[str, Any]]:
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(bdc_dir.glob("*.json"))]


def _tutorial_offer(document: dict[str, Any]) -> dict[str, Any]:
    """The offer the tutorial starts from: its vehicle without label nor warranty level yet,
    created today, so that "Générer le bon de commande" first asks for them."""
    day = today().strftime("%d/%m/%Y")
    offer = {k: v for k, v in document.items() if k not in ("statut", "date_cloture", "livraison")}
    offer.update(numero=SEEDED_OFFER, date=day)
    offer["offre"] = {**document["offre"], "numero": SEEDED_OFFER, "date_creation": day}
    offer["vehicule"] = {
        k: v for k, v in document["vehicule"].items() if k not in ("label", "garantie")
    }
    return offer


def add_dealer(session: Session, dealer: DemoDealer, bdc_dir: Path = BDC_DIR) -> None:
    """A dealer's site on the desk as seeded: its settings (the tutorial's for AXILOG DEMO),
    its salesperson, and its BDCs of fixtures/bdc/ with the tutorial's offer."""
    site_code = dealer.desk_site
    documents = [d for d in _fixtures(bdc_dir) if d["site"].get("code_rrdi") == dealer.code_rrdi]
    identity = documents[0]["site"] if documents else site_identity(dealer, site_code)
    session.merge(
        Site(
            code=site_code,
            identity=dict(identity),
            centralisateur_login=dealer.code_rrdi,
            centralisateur_password=dealer.password,
        )
    )
    session.merge(
        User(
            login=dealer.desk_user,
            name=dealer.desk_user_name,
            password_hash=seed_password_hash(dealer.desk_password),
            site_code=site_code,
        )
    )
    session.flush()
    for document in documents:
        session.add(Dossier(site_code=site_code, numero=document["numero"], document=document))
        if document["numero"] == OFFER_SOURCE:
            offer = _tutorial_offer(document)
            session.add(
                Dossier(
                    site_code=site_code, numero=SEEDED_OFFER, document=offer, bdc_generated=False
                )
            )


def seed(session: Session, bdc_dir: Path = BDC_DIR) -> None:
    """The clean state: the sites of every dealer (the demo ones, those created on demand),
    their users, the BDCs of fixtures/bdc/ for their dealer and one offer to start the
    tutorial from (needs an app context: it is created today)."""
    for dealer in every_dealer(session):
        add_dealer(session, dealer, bdc_dir)


def reset_dealer(session: Session, code_rrdi: str, bdc_dir: Path = BDC_DIR) -> None:
    """One dealer's site back to its seed: its settings, users and dossiers; its users
    signed out."""
    dealer = find_dealer(session, code_rrdi)
    if dealer is None:
        raise LookupError(code_rrdi)
    _remove_site(session, dealer)
    add_dealer(session, dealer, bdc_dir)


def delete_dealer(session: Session, code_rrdi: str) -> None:
    """A dealer created on demand gone: its site, its user, its dossiers."""
    dealer = find_dealer(session, code_rrdi)
    if dealer is None:
        raise LookupError(code_rrdi)
    _remove_site(session, dealer)
    session.execute(delete(User).where(User.site_code == dealer.desk_site))
    session.execute(delete(Site).where(Site.code == dealer.desk_site))


def _remove_site(session: Session, dealer: DemoDealer) -> None:
    session.execute(delete(Dossier).where(Dossier.site_code == dealer.desk_site))
    for login in session.scalars(select(User.login).where(User.site_code == dealer.desk_site)):
        sessions.close_all_of(session, login)
        idempotency_keys.forget(session, login)


# Reading


def demo_login(code_rrdi: str) -> str | None:
    """The login of a demo dealer's PVO² user, to show a support case on its desk."""
    code = code_rrdi.strip().upper()
    return next((d.desk_user for d in DEMO_DEALERS if d.code_rrdi == code), None)


def find_user(session: Session, login: str) -> User | None:
    return session.get(User, login.strip().lower())


def find_site(session: Session, code: str) -> Site | None:
    return session.get(Site, code)


def dossiers(session: Session, site: Site) -> list[Dossier]:
    statement = select(Dossier).where(Dossier.site_code == site.code).order_by(Dossier.id.desc())
    return list(session.scalars(statement))


def find_dossier(
    session: Session, site: Site, numero: str, for_update: bool = False
) -> Dossier | None:
    """A dossier of this site; another site's is as good as absent. `for_update` before
    changing it from what was read (closing the BDC): its row is held to the commit, so an
    import of the same number at once waits instead of being overwritten by the older copy."""
    query = select(Dossier).where(Dossier.site_code == site.code, Dossier.numero == numero)
    return session.scalar(query.with_for_update(of=Dossier) if for_update else query)


def bdc_of(dossier: Dossier, site: Site) -> BonDeCommande:
    """The dossier as `pvo_client` sees it, with its site's current settings."""
    bdc = load_bdc(dossier.document, source=f"n°{dossier.numero}")
    return replace(bdc, offer=replace(bdc.offer, site=site.settings))


# Writing


def save_bdc(session: Session, site: Site, bdc: BonDeCommande, generated: bool = True) -> Dossier:
    """Store a BDC for this site, replacing the dossier of the same number (an import again).

    The site's row is held first (PostgreSQL; SQLite's writer holds the database): two imports
    of one number at once would both find no dossier and both insert it (a 500 on the unique
    number); held, the second finds the first's and replaces it.
    """
    session.execute(select(Site.code).where(Site.code == site.code).with_for_update())
    dossier = find_dossier(session, site, bdc.numero)
    if dossier is None:
        dossier = Dossier(site_code=site.code, numero=bdc.numero)
        session.add(dossier)
    dossier.document = dump_bdc(bdc)
    dossier.bdc_generated = generated
    session.flush()
    return dossier


def foreign_code_rrdi(site: Site, identity: SiteIdentity) -> str | None:
    """The code RRDI of `identity` when it is another dealer's than the site's own (a site
    carrying it would declare into that dealer's account), else None."""
    code = (identity.code_rrdi or "").strip().upper()
    return code if code and code != site.centralisateur_login else None


def set_identity(site: Site, identity: SiteIdentity) -> None:
    """Callers check `foreign_code_rrdi` first."""
    site.identity = SiteSchema().dump(identity)
