"""Steps of the Centralisateur portal: the dealer, the portal in a browser, what the dealer sees.

Browser steps act through the page objects of `harness.pages`, by labels and button names.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect
from pytest_bdd import given, parsers, then, when

from fake_icare.store import NUMBER_PATTERN
from harness.admin_client import SandboxAdmin
from harness.pages import DeclarationPages, Portal
from pvo_client.bdc_file import read_bdc
from pvo_client.centralisateur import CentralisateurClient, Declaration
from pvo_client.flow import hand_over
from sandbox.dealers import AXILOG, DemoDealer
from step_defs.support import DEALERS, bdc_path, bdc_prefill, displayed

HIGHLIGHT_RED = "rgb(192, 0, 24)"


@dataclass
class Dealer:
    name: str
    code_rrdi: str
    password: str
    centralisateur: CentralisateurClient


@pytest.fixture
def portal(page: Page, sandbox: SandboxAdmin) -> Portal:
    return Portal(page, sandbox.urls["centralisateur"])


@pytest.fixture
def declaration_pages(page: Page) -> DeclarationPages:
    return DeclarationPages(page)


@pytest.fixture
def own(sandbox_dealer: DemoDealer) -> Callable[[str], str]:
    """A value a scenario writes with AXILOG DEMO's identifiers (953617Z, IC-953617,
    RS8010004), with those of the test's dealer: the same locally, its own on a deployed
    sandbox."""

    def with_own_identifiers(value: str) -> str:
        for demo, mine in (
            (AXILOG.icare_id, sandbox_dealer.icare_id),
            (AXILOG.code_rrdi, sandbox_dealer.code_rrdi),
            (AXILOG.code_t, sandbox_dealer.code_t),
        ):
            value = value.replace(demo, mine)
        return value

    return with_own_identifiers


def _dealer(sandbox: SandboxAdmin, sandbox_dealer: DemoDealer, name: str) -> Dealer:
    """The dealer a scenario names; AXILOG DEMO is the test's dealer (`sandbox_dealer`)."""
    code, password = sandbox_dealer.login if name == AXILOG.name else DEALERS[name]
    client = CentralisateurClient(sandbox.urls["centralisateur"], code, password)
    return Dealer(name, code, password, client)


@given(
    parsers.parse('le distributeur "{nom}" dont le profil n\'est pas configuré'),
    target_fixture="dealer",
)
def dealer_first_connection(sandbox: SandboxAdmin, sandbox_dealer: DemoDealer, nom: str) -> Dealer:
    dealer = _dealer(sandbox, sandbox_dealer, nom)
    assert not dealer.centralisateur.profile().profile_configured
    return dealer


@given(
    parsers.parse(
        'le distributeur "{nom}" dont le profil est configuré avec l\'identifiant '
        'Icare "{icare_id}"'
    ),
    target_fixture="dealer",
)
def dealer_configured(
    sandbox: SandboxAdmin,
    sandbox_dealer: DemoDealer,
    own: Callable[[str], str],
    nom: str,
    icare_id: str,
) -> Dealer:
    dealer = _dealer(sandbox, sandbox_dealer, nom)
    dealer.centralisateur.configure_profile(own(icare_id))
    return dealer


@given("le distributeur est connecté au Centralisateur")
def logged_in(portal: Portal, dealer: Dealer) -> None:
    portal.log_in(dealer.code_rrdi, dealer.password)


@given(
    parsers.parse('le bon de commande clôturé "{bdc}" transmis par PVO²'), target_fixture="draft"
)
def bdc_handed_over(dealer: Dealer, own: Callable[[str], str], bdc: str) -> Declaration:
    """The tutorial's BDC handed over for the dealer (on a deployed sandbox, with its code)."""
    prefill = {k: own(v) if isinstance(v, str) else v for k, v in bdc_prefill(bdc).items()}
    return dealer.centralisateur.create_declaration(prefill)


@when("le distributeur ouvre la déclaration transmise par PVO²")
def open_handed_over(page: Page, draft: Declaration) -> None:
    """The window PVO² opens: its link signs the dealer in, no login page."""
    page.goto(draft.form_url)


@when(
    parsers.parse('le vendeur clique sur "Déclarer" dans PVO² pour le bon de commande "{bdc}"'),
    target_fixture="draft",
)
def declare_in_pvo2(page: Page, dealer: Dealer, bdc: str) -> Declaration:
    """PVO² hands the BDC over, then opens the window on the `form_url` it got back."""
    draft = hand_over(read_bdc(bdc_path(bdc)), dealer.centralisateur)
    assert isinstance(draft, Declaration), draft
    page.goto(draft.form_url)
    return draft


@when("le même lien est rouvert dans un navigateur sans session")
def reopen_without_session(page: Page, draft: Declaration) -> None:
    page.context.clear_cookies()
    page.goto(draft.form_url)


@given("le distributeur a ouvert la page 2 du formulaire de déclaration")
def open_page_two(portal: Portal, dealer: Dealer, draft: Declaration) -> None:
    """Straight to page 2, the warranty chosen as on page 1 (whose own scenarios cover it)."""
    dealer.centralisateur.update_declaration(draft.id, commercial_warranty="spoticar")
    portal.sign_in_directly(dealer.code_rrdi, dealer.password)
    portal.open(f"/declarations/{draft.id}/formulaire")
    expect(portal.page.get_by_role("button", name="Déclarer et Garantir")).to_be_visible()


@when(parsers.parse('il clique sur "{entree}" dans le menu'))
def click_menu(portal: Portal, entree: str) -> None:
    portal.menu(entree)


@when(parsers.parse('il clique sur "{bouton}"'))
def click_button(page: Page, bouton: str) -> None:
    """A button, or a link drawn as one (the documents' "Imprimer …")."""
    page.get_by_role("button", name=bouton, exact=True).or_(
        page.get_by_role("link", name=bouton, exact=True)
    ).first.click()


@when(parsers.parse('il renseigne "{libelle}" avec "{valeur}"'))
def fill_field(
    declaration_pages: DeclarationPages, own: Callable[[str], str], libelle: str, valeur: str
) -> None:
    declaration_pages.fill(libelle, own(valeur))


@when(parsers.parse('il coche "{libelle}"'))
def tick(page: Page, libelle: str) -> None:
    page.get_by_label(libelle, exact=True).check()


@when(parsers.parse('il vide le champ "{libelle}"'))
def empty_field(declaration_pages: DeclarationPages, libelle: str) -> None:
    declaration_pages.clear(libelle)


@when(parsers.parse('il choisit la garantie commerciale "{libelle}"'))
def choose_warranty(declaration_pages: DeclarationPages, libelle: str) -> None:
    declaration_pages.choose_warranty(libelle)


@when("il se connecte au Centralisateur")
def signs_in(portal: Portal, dealer: Dealer) -> None:
    """On the login page where a page sent the dealer: the page it came from opens after."""
    portal.log_in(dealer.code_rrdi, dealer.password)


@when("il quitte le formulaire puis le rouvre")
def leave_and_reopen(portal: Portal, draft: Declaration) -> None:
    """Away to the Accueil, then back to page 2 by its address, as a dealer who comes back."""
    portal.open("/accueil")
    portal.open(f"/declarations/{draft.id}/formulaire")
    expect(portal.page.get_by_role("button", name="Déclarer et Garantir")).to_be_visible()


@then(parsers.parse('la page "{titre}" s\'affiche'))
def page_shown(page: Page, titre: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(titre)


@then(parsers.parse('le distributeur "{nom}" est connecté au Centralisateur'))
def signed_in_as(portal: Portal, dealer: Dealer, nom: str) -> None:
    expect(portal.signed_in_dealer).to_contain_text(nom)
    expect(portal.signed_in_dealer).to_contain_text(dealer.code_rrdi)


@then("aucune page du Centralisateur n'est ouverte sans connexion")
def nothing_opened(portal: Portal) -> None:
    expect(portal.signed_in_dealer).to_have_count(0)
    portal.open("/vente")
    expect(portal.page).to_have_url(re.compile(r"/connexion"))


@then(parsers.parse('le texte "{texte}" s\'affiche'))
def text_shown(page: Page, texte: str) -> None:
    expect(page.get_by_text(texte, exact=False).first).to_be_visible()


@then(parsers.parse('la case "{libelle}" est cochée et ne peut être modifiée'))
def box_locked(page: Page, libelle: str) -> None:
    box = page.get_by_label(libelle, exact=True)
    expect(box).to_be_checked()
    expect(box).to_be_disabled()


@then(parsers.parse('le champ "{libelle}" affiche "{valeur}"'))
def field_shows(
    declaration_pages: DeclarationPages, own: Callable[[str], str], libelle: str, valeur: str
) -> None:
    expect(declaration_pages.field(libelle)).to_have_value(own(valeur))


@then(parsers.parse('le message "{message}" s\'affiche en haut de la page'))
def banner_has(portal: Portal, message: str) -> None:
    expect(portal.error_banner).to_be_visible()
    expect(
        portal.banner_lines.filter(has_text=re.compile(f"^{re.escape(message)}$"))
    ).to_have_count(1)


@then("les messages suivants s'affichent en haut de la page :")
def banner_is(portal: Portal, datatable: list[list[str]]) -> None:
    expect(portal.banner_lines).to_have_text([row[0] for row in datatable[1:]])


@then(parsers.parse('le champ "{libelle}" est en surbrillance'))
def highlighted(declaration_pages: DeclarationPages, libelle: str) -> None:
    field = declaration_pages.field(libelle)
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_css("border-top-color", HIGHLIGHT_RED)


@then("les autres valeurs saisies sont conservées")
def values_kept(declaration_pages: DeclarationPages, draft: Declaration) -> None:
    for label, value in displayed(draft.fields).items():
        if label not in ("Type véhicule", "Immatriculation"):
            expect(declaration_pages.field(label)).to_have_value(value)


@then("aucune déclaration n'est enregistrée")
def nothing_recorded(dealer: Dealer) -> None:
    assert [d.number for d in dealer.centralisateur.declarations() if d.number] == []


@then(parsers.parse('la garantie commerciale "{libelle}" est proposée'))
def warranty_offered(page: Page, libelle: str) -> None:
    expect(page.get_by_role("radio", name=libelle, exact=True)).to_be_visible()


@then("le formulaire est pré rempli avec les données du bon de commande")
def prefilled(declaration_pages: DeclarationPages, draft: Declaration) -> None:
    shown = displayed(draft.fields)
    assert shown, "the BDC filled nothing"
    for label, value in shown.items():
        expect(declaration_pages.field(label)).to_have_value(value)


@then(parsers.parse('le bouton "{bouton}" est proposé'))
def button_offered(page: Page, bouton: str) -> None:
    expect(page.get_by_role("button", name=bouton, exact=True)).to_be_enabled()


@then("la confirmation de la déclaration sur le centralisateur s'affiche avec son numéro")
def declaration_confirmed(page: Page) -> None:
    expect(
        page.get_by_role("status").filter(
            has_text="Confirmation de la déclaration sur le centralisateur"
        )
    ).to_contain_text(re.compile(r"DEC\d{4}-\d{7}"))


@then("la confirmation de la création du contrat Icare s'affiche avec son numéro")
def contract_confirmed(page: Page) -> None:
    confirmation = page.get_by_role("status").filter(
        has_text="Confirmation de la création du contrat Icare"
    )
    expect(confirmation).to_contain_text(NUMBER_PATTERN)
    expect(confirmation).to_contain_text(
        "Vous pouvez retrouver le contrat grâce au numéro sur le portail Myicare"
    )
