"""What the desk remembers of an order's declarations, learnt from the Centralisateur and PSA
Assurance (the sandbox's own fakes): a draft reopened, a declaration shown, a policy issued once,
even when "Déclarer" is clicked twice at once."""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Callable
from typing import Any

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from fake_pvo2 import store
from harness.admin_client import SandboxAdmin
from harness.servers import ServerThread
from pvo_client.centralisateur import REFUSED_CREDENTIALS, CentralisateurClient
from sandbox.db import current_database
from sandbox.french import parse_date
from tests.pvo2.conftest import bdc_document, load, sign_in
from tests.pvo2.test_deliveries import PSA, SPOTICAR, text

PEUGEOT = "8120417"  # closed, with the client's birth date: both plugins may declare it
ALFA = "7415201"  # the client's email and birth date: what PSA Assurance needs
FORM_PATH = re.compile(r"/declarations/([^/?]+)")


@pytest.fixture
def desk_app(make_desk: Callable[..., Flask], sandbox: SandboxAdmin) -> Flask:
    """A desk that calls the sandbox's Centralisateur and PSA Assurance."""
    return make_desk(
        CENTRALISATEUR_URL=sandbox.urls["centralisateur"],
        GUIDEWIRE_URL=sandbox.urls["guidewire"],
    )


@pytest.fixture
def desk(desk_app: Flask) -> FlaskClient:
    client = desk_app.test_client()
    sign_in(client)
    return client


def declaration_id(form_url: str) -> str:
    found = FORM_PATH.search(form_url)
    assert found, form_url
    return found[1]


def open_window(desk: FlaskClient, numero: str = PEUGEOT) -> str:
    """ "Déclarer" with Spoticar: the window's address."""
    answer = desk.post(f"/commandes/{numero}/declarer", data={"garantisseur": SPOTICAR})
    assert answer.status_code == 303, text(answer)
    return answer.location


def french(iso: str) -> str:
    """A date of the Centralisateur's API (AAAA-MM-JJ) as the desk shows it."""
    return parse_date(iso).strftime("%d/%m/%Y")


def declare_in_window(centralisateur_client: CentralisateurClient, form_url: str) -> None:
    """What the dealer does in the window: page 1's warranty, then "Déclarer et Garantir"."""
    centralisateur_client.configure_profile("IC-953617")
    draft = declaration_id(form_url)
    centralisateur_client.update_declaration(draft, commercial_warranty="spoticar")
    centralisateur_client.submit(draft)


def test_the_order_remembers_its_open_draft_and_reopens_it(desk: FlaskClient) -> None:
    first = open_window(desk)
    page = text(desk.get(f"/commandes/{PEUGEOT}"))
    assert (
        f"{SPOTICAR} : brouillon ouvert le 01/12/2021 dans la fenêtre du Centralisateur ; "
        "« Déclarer » le rouvre."
    ) in " ".join(page.split())
    again = open_window(desk)
    assert declaration_id(again) == declaration_id(first)
    assert again != first  # the first link has served: a new one opens the same draft


def test_a_declaration_made_in_the_window_appears_on_the_order_and_the_deliveries(
    desk: FlaskClient, centralisateur_client: CentralisateurClient
) -> None:
    form_url = open_window(desk)
    declare_in_window(centralisateur_client, form_url)
    declared = centralisateur_client.declaration(declaration_id(form_url))
    assert declared.number and declared.contract_number
    state = desk.get(f"/commandes/{PEUGEOT}/etat").get_json()
    assert state == {"attente": ""}  # nothing open any more
    start, end = (
        french(declared.fields[name]) for name in ("date_debut_garantie", "date_fin_garantie")
    )
    expected = (
        f"{SPOTICAR} : déclarée le {declared.declared_on:%d/%m/%Y}, déclaration n° "
        f"{declared.number}, contrat Icare n° {declared.contract_number}, garantie du "
        f"{start} au {end}."
    )
    for path in (f"/commandes/{PEUGEOT}", "/livraisons"):
        assert expected in " ".join(text(desk.get(path)).split()), path
    assert f'href="{declared.myicare_url}"' in text(desk.get(f"/commandes/{PEUGEOT}"))


def test_declarer_on_a_declared_order_shows_the_declaration_and_makes_no_draft(
    desk: FlaskClient, centralisateur_client: CentralisateurClient, sandbox: SandboxAdmin
) -> None:
    form_url = open_window(desk)
    declare_in_window(centralisateur_client, form_url)
    number = centralisateur_client.declaration(declaration_id(form_url)).number
    sandbox.centralisateur.clear_journal()
    answer = desk.post(f"/commandes/{PEUGEOT}/declarer", data={"garantisseur": SPOTICAR})
    assert answer.status_code == 303
    assert answer.location == f"/commandes/{PEUGEOT}"
    page = text(desk.get(answer.location))
    assert (
        f"La garantie de cette commande est déjà déclarée : déclaration n° {number} "
        "(voir « Déclaration de garantie »)."
    ) in page
    assert sandbox.centralisateur.journal(method="POST") == []
    assert "data-fenetre" not in page  # "Déclarer" opens no window any more


def test_the_print_dialog_takes_the_contract_period_once_declared(
    desk: FlaskClient, centralisateur_client: CentralisateurClient
) -> None:
    before = text(desk.post(f"/commandes/{PEUGEOT}/imprimer", data={"etape": "options"}))
    assert 'id="garantie_du" name="garantie_du" placeholder="JJ/MM/AAAA" value=""' in before
    form_url = open_window(desk)
    declare_in_window(centralisateur_client, form_url)
    fields = centralisateur_client.declaration(declaration_id(form_url)).fields
    desk.get(f"/commandes/{PEUGEOT}")  # the desk learns the outcome
    after = text(desk.post(f"/commandes/{PEUGEOT}/imprimer", data={"etape": "options"}))
    start, end = french(fields["date_debut_garantie"]), french(fields["date_fin_garantie"])
    assert f'name="garantie_du" placeholder="JJ/MM/AAAA" value="{start}"' in after
    assert f'name="garantie_au" placeholder="JJ/MM/AAAA" value="{end}"' in after
    printed = desk.post(f"/commandes/{PEUGEOT}/imprimer", data={"etape": "imprimer"})
    words = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(printed.data)).pages
    )
    assert f"Début de Garantie Contractuelle : {start}" in words
    assert f"Fin de Garantie Contractuelle : {end}" in words


def test_psa_insurance_is_issued_once_then_shown(desk: FlaskClient, sandbox: SandboxAdmin) -> None:
    sandbox.guidewire.clear_journal()
    first = desk.post(f"/commandes/{ALFA}/declarer", data={"garantisseur": PSA})
    assert first.status_code == 303
    issued = re.search(r"police n° (PSAVO\d+)", text(desk.get(first.location)))
    assert issued, "no policy number"
    second = desk.post(f"/commandes/{ALFA}/declarer", data={"garantisseur": PSA})
    page = " ".join(text(desk.get(second.location)).split())
    assert f"La police PSA Assurance n° {issued[1]} est déjà émise pour cette commande." in page
    assert f"{PSA} : police PSA Assurance n° {issued[1]} émise le 01/12/2021, prime" in page
    assert len(sandbox.guidewire.journal(method="POST", path="/job/v1/submissions")) == 1


def test_a_refusal_of_psa_assurance_is_kept_with_its_messages(
    desk: FlaskClient, sandbox: SandboxAdmin
) -> None:
    document = bdc_document(ALFA)
    document["client"]["nom"] = "REFUS"
    assert load(desk, document).status_code == 201
    answer = desk.post(f"/commandes/{ALFA}/declarer", data={"garantisseur": PSA})
    assert answer.status_code == 422
    page = " ".join(text(desk.get(f"/commandes/{ALFA}")).split())
    assert (
        f"{PSA} : refusée le 01/12/2021 : PSA Assurance refuse la déclaration : PSA Assurance "
        "refuse d'assurer ce véhicule : l'acheteur ne répond pas à ses conditions de "
        "souscription."
    ) in page


def _signed_in(base_url: str) -> requests.Session:
    browser = requests.Session()
    answer = browser.post(
        f"{base_url}/connexion", data={"login": "hakim.ab", "password": "pvo2"}, timeout=10
    )
    assert answer.ok
    return browser


def _at_once(base_url: str, numero: str, garantisseur: str) -> list[requests.Response]:
    """Two "Déclarer" on the same order, started together."""
    browsers = [_signed_in(base_url) for _ in range(2)]
    start = threading.Barrier(2)
    answers: list[Any] = [None, None]

    def click(index: int) -> None:
        start.wait()
        answers[index] = browsers[index].post(
            f"{base_url}/commandes/{numero}/declarer",
            data={"garantisseur": garantisseur},
            allow_redirects=False,
            timeout=30,
        )

    threads = [threading.Thread(target=click, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


@pytest.mark.parametrize(("numero", "garantisseur"), [(PEUGEOT, SPOTICAR), (ALFA, PSA)])
def test_two_clicks_at_once_make_one_draft_or_one_policy(
    make_desk: Callable[..., Flask],
    sandbox: SandboxAdmin,
    database_url: str,
    serve: Callable[..., ServerThread],
    numero: str,
    garantisseur: str,
) -> None:
    app = make_desk(
        DATABASE_URL=database_url,
        CENTRALISATEUR_URL=sandbox.urls["centralisateur"],
        GUIDEWIRE_URL=sandbox.urls["guidewire"],
    )
    server = serve(app, threads=4)
    sandbox.centralisateur.clear_journal()
    sandbox.guidewire.clear_journal()
    answers = _at_once(server.url, numero, garantisseur)
    assert [answer.status_code for answer in answers] == [303, 303]
    if garantisseur == SPOTICAR:
        drafts = sandbox.centralisateur.journal(method="POST", path="/api/v1/declarations")
        assert len(drafts) == 1
        assert len({declaration_id(answer.headers["Location"]) for answer in answers}) == 1
    else:
        issued = sandbox.guidewire.journal(method="POST", path="/job/v1/submissions")
        assert len(issued) == 1
    with app.app_context(), current_database().session() as session:
        site = session.get(store.Site, "PE01")
        dossier = site and store.find_dossier(session, site, numero)
        assert dossier is not None
        recorded = store.declarations_of(session, [dossier])[dossier.id]
    assert [declaration.garantisseur for declaration in recorded] == [garantisseur]


def test_a_refusal_of_the_centralisateur_is_kept_and_declarer_tries_again(
    desk_app: Flask, desk: FlaskClient, sandbox: SandboxAdmin
) -> None:
    with desk_app.app_context(), current_database().session() as session:
        site = session.get(store.Site, "PE01")
        assert site is not None
        site.centralisateur_password = "faux"  # the Centralisateur refuses the site's dealer
    refused = desk.post(f"/commandes/{PEUGEOT}/declarer", data={"garantisseur": SPOTICAR})
    assert refused.status_code == 422
    line = f"{SPOTICAR} : refusée le 01/12/2021 : {REFUSED_CREDENTIALS}"
    assert line in " ".join(text(desk.get(f"/commandes/{PEUGEOT}")).split())
    sandbox.centralisateur.clear_journal()
    again = desk.post(f"/commandes/{PEUGEOT}/declarer", data={"garantisseur": SPOTICAR})
    assert again.status_code == 422  # tried again, not shown as done
    assert len(sandbox.centralisateur.journal(method="POST")) == 1


def test_a_pending_contract_is_shown_then_learnt_once_icare_gives_it(
    desk: FlaskClient, centralisateur_client: CentralisateurClient, sandbox: SandboxAdmin
) -> None:
    sandbox.icare.add_fault("/api/v1/contracts", "status", status=503)
    form_url = open_window(desk)
    declare_in_window(centralisateur_client, form_url)
    draft = declaration_id(form_url)
    number = centralisateur_client.declaration(draft).number
    pending = " ".join(text(desk.get(f"/commandes/{PEUGEOT}")).split())
    assert f"déclaration n° {number}, contrat Icare en attente" in pending
    assert desk.get(f"/commandes/{PEUGEOT}/etat").get_json() == {
        "attente": f"{draft}:contrat en attente"
    }
    sandbox.icare.clear_faults()
    contract = centralisateur_client.retry_contract(draft).contract_number
    assert desk.get(f"/commandes/{PEUGEOT}/etat").get_json() == {"attente": ""}
    declared = " ".join(text(desk.get(f"/commandes/{PEUGEOT}")).split())
    assert f"déclaration n° {number}, contrat Icare n° {contract}" in declared
