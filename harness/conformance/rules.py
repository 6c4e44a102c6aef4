"""The rules a DMS must follow to declare as the contract requires: one table, and the verdict.

Each rule has a code, a French title, why it matters (for the integrator reading the report),
how its evidence is found in the journals, and the check that finds it (`checks.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from harness.conformance import checks
from harness.conformance.checks import FAILED, PASSED, UNOBSERVED, Finding
from harness.conformance.journal import Journal
from harness.conformance.observed import DealerCalls


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    why: str
    evidence: str
    check: Callable[[DealerCalls], Finding]


RULES: tuple[Rule, ...] = (
    Rule(
        "AUTH-BASIC",
        "Authentification HTTP Basic avec le code RRDI du point de vente",
        "Le Centralisateur identifie le point de vente par son code RRDI Spoticar ; un appel "
        "refusé est une déclaration qui n'arrive pas.",
        "Appels à l'API du Centralisateur au nom du code RRDI ; échoue sur chaque 401.",
        checks.basic_auth,
    ),
    Rule(
        "ICARE-VIA-CENTRALISATEUR",
        "Icare n'est appelé que par le Centralisateur",
        "Le contrat Icare naît de la déclaration : un DMS qui appelle Icare lui-même crée des "
        "contrats sans déclaration.",
        "Appels à l'API d'Icare pour ce point de vente ; échoue quand l'appelant n'est pas le "
        "Centralisateur.",
        checks.icare_only_from_centralisateur,
    ),
    Rule(
        "GW-JETON",
        "Jeton Guidewire réutilisé jusqu'à son expiration",
        "Un jeton par appel double la charge de PSA Assurance et fait échouer le DMS quand le "
        "serveur de jetons ralentit.",
        "POST /oauth2/token du client OAuth2 : échoue sur un nouveau jeton demandé alors que le "
        "précédent valait encore (sans 401 entre-temps), ou sur un appel relancé après un 401 "
        "sans nouveau jeton.",
        checks.token_reused,
    ),
    Rule(
        "BROUILLON-COMPLET",
        "Le brouillon reprend ce que porte le BDC (table de correspondance)",
        "Chaque champ que le DMS laisse vide, le vendeur doit le ressaisir : erreurs de frappe et "
        "temps perdu.",
        "Corps de POST /api/v1/declarations comparés à la table pvo_client/mapping.py : champs "
        "remplis, laissés au vendeur ; échoue quand un champ qu'un BDC clôturé porte toujours "
        "est laissé vide.",
        checks.draft_coverage,
    ),
    Rule(
        "FORMATS",
        "Formats du formulaire : dates JJ/MM/AAAA, immatriculation, VIN en majuscules, montants",
        "Le vendeur relit le formulaire pré-rempli : il doit y voir les formats du tutoriel, "
        "pas ceux d'une base de données.",
        "Valeurs envoyées (création et PATCH des brouillons), champ par champ, selon le type du "
        "champ dans le formulaire.",
        checks.formats_respected,
    ),
    Rule(
        "CHAMPS-CONNUS",
        "Aucun champ inconnu du formulaire",
        "Un champ inconnu est refusé (422) : la déclaration ne part pas.",
        "Noms des champs envoyés, comparés aux champs du formulaire du Centralisateur.",
        checks.no_unknown_fields,
    ),
    Rule(
        "FORM-URL",
        "La fenêtre du vendeur s'ouvre sur form_url",
        "Le tutoriel fait relire et valider le formulaire par le vendeur : le soumettre dans son "
        "dos le prive de ce contrôle.",
        "Pages du portail ouvertes sur chaque brouillon (GET /declarations/<id>) ; échoue sur "
        "une soumission par l'API. Jugé seulement quand le DMS dit suivre le tutoriel "
        "(--hand-off).",
        checks.form_url_opened,
    ),
    Rule(
        "422-CORRIGE",
        "Après un refus (422), une soumission corrigée",
        "Renvoyer tel quel ce qui a été refusé donne le même refus, et masque au vendeur les "
        "champs à corriger.",
        "Chaque 422 sur une soumission (Centralisateur) ou une action (Guidewire), et l'appel "
        "suivant sur la même route : échoue quand le contenu (brouillon ou corps) est le même.",
        checks.corrected_after_422,
    ),
    Rule(
        "PAS-DE-RAFALE",
        "Pas de rafale de relances identiques",
        "Une rafale sature le service au moment où il peine déjà, et multiplie les risques de "
        "doublon.",
        f"Appels d'écriture identiques (route, corps) : échoue sur {checks.BURST_CALLS} en "
        f"{checks.BURST_SECONDS} s ou moins.",
        checks.no_burst,
    ),
    Rule(
        "RETRY-AFTER",
        "Retry-After respecté après un 503",
        "Un service saturé dit quand revenir ; revenir plus tôt prolonge la saturation.",
        "Chaque 503 et l'appel suivant sur la même route : échoue quand il arrive avant le délai "
        f"Retry-After ({checks.DEFAULT_RETRY_AFTER} s quand le journal ne le garde pas).",
        checks.retry_after_respected,
    ),
    Rule(
        "CONTRAT-EN-ATTENTE",
        "Contrat en attente complété par la route de relance",
        "La déclaration est enregistrée même quand Icare est indisponible : la déclarer de "
        "nouveau crée un doublon au lieu du contrat.",
        "Soumissions acceptées avec un contrat « en attente », puis POST …/contract de la même "
        "déclaration ; échoue sur une nouvelle déclaration du même VIN ou sans relance.",
        checks.pending_completed,
    ),
    Rule(
        "BDC-UNIQUE",
        "Un même BDC n'est jamais déclaré deux fois",
        "Deux déclarations d'un même véhicule, ce sont deux garanties et deux factures.",
        "Déclarations acceptées, par VIN.",
        checks.declared_once,
    ),
    Rule(
        "PSA-COMPTE",
        "Compte PSA Assurance réutilisé pour le même client",
        "Un client, un compte : ses contrats se retrouvent ensemble chez PSA Assurance.",
        "POST /account/v1/accounts acceptés, par titulaire (nom, prénom, date de naissance).",
        checks.account_reused,
    ),
    Rule(
        "PSA-CHECKSUM",
        "Checksum renvoyé sur les mises à jour",
        "Le checksum empêche d'écraser un dossier modifié entre-temps par quelqu'un d'autre.",
        "quote, bind-and-issue et PATCH : data.checksum ou l'en-tête GW-Checksum.",
        checks.checksum_sent,
    ),
    Rule(
        "PSA-TRANSACTION",
        "GW-DBTransaction-ID sur chaque action, réutilisé à la relance",
        "Sans lui, une relance après une réponse perdue assure le véhicule deux fois.",
        "POST à Guidewire : l'en-tête GW-DBTransaction-ID, et le même sur la relance d'un appel "
        "resté sans réponse (5xx, 401, coupure).",
        checks.transaction_id_reused,
    ),
)


@dataclass(frozen=True)
class Judged:
    rule: Rule
    finding: Finding

    @property
    def status(self) -> str:
        return self.finding.status


@dataclass
class Verdict:
    """Every rule judged for one dealer, and the score: passed out of observed, and coverage."""

    dealer: str
    results: list[Judged]
    since: datetime | None = None
    judged_at: datetime = field(default_factory=lambda: datetime.now().astimezone())

    def with_status(self, status: str) -> list[Judged]:
        return [r for r in self.results if r.status == status]

    @property
    def passed(self) -> list[Judged]:
        return self.with_status(PASSED)

    @property
    def failed(self) -> list[Judged]:
        return self.with_status(FAILED)

    @property
    def observed(self) -> list[Judged]:
        return [r for r in self.results if r.status != UNOBSERVED]

    @property
    def score(self) -> float:
        """Rules passed out of rules observed (1.0 when nothing was observed: nothing failed)."""
        return len(self.passed) / len(self.observed) if self.observed else 1.0

    @property
    def coverage(self) -> float:
        return len(self.observed) / len(self.results) if self.results else 0.0

    @property
    def conforms(self) -> bool:
        return not self.failed

    def status_of(self, code: str) -> str:
        return next(r.status for r in self.results if r.rule.code == code)


def judge(
    journal: Journal,
    dealer: str,
    *,
    hand_off: bool = False,
    since: datetime | None = None,
) -> Verdict:
    """Judge every rule on what the journals show of `dealer`'s DMS.

    `hand_off`: the DMS says it opens form_url for the dealer, as the tutorial does.
    """
    calls = DealerCalls(dealer, journal, hand_off=hand_off)
    return Verdict(dealer, [Judged(rule, rule.check(calls)) for rule in RULES], since)
