"""What a dealer ends up with after a declaration, whichever garantisseur: one type for the
Spoticar declaration (Centralisateur and Icare) and the PSA Insurance one (Guidewire), so the
report, the replay and the CLI read any outcome the same way.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from pvo_client.domain import Garantisseur

# Where a declaration stopped, in the order the dealer meets them, and where it ends.
PVO2 = "pvo2"  # a precondition of PVO² (the tutorial's own refusals)
UNREACHABLE = "centralisateur"  # the Centralisateur does not answer
PROFILE = "profil"  # first connection: the Profil is not configured
FORM = "formulaire"  # the form's mandatory or badly formed fields
ICARE = "icare"  # Icare's refusal, or the contract pending
PSA = "psa"  # PSA Assurance's refusal
DECLARED = "déclarée"  # Spoticar: declared, contract created
INSURED = "assurée"  # PSA Insurance: policy issued


@dataclass
class DeclarationResult:
    """Numbers and links of what was created, or the French messages that stopped the dealer.

    The Spoticar declaration fills the declaration and contract fields, the PSA Insurance one
    the policy fields; what a garantisseur does not give stays None.
    """

    garantisseur: Garantisseur
    accepted: bool
    stage: str
    messages: list[str] = field(default_factory=list)
    error_code: str | None = None
    # The Centralisateur and Icare (Spoticar)
    declaration_id: str | None = None
    declaration_number: str | None = None
    contract_number: str | None = None
    contract_status: str | None = None
    myicare_url: str | None = None
    form_url: str | None = None
    documents: dict[str, str] = field(default_factory=dict)
    # PSA Assurance's Guidewire (PSA Insurance)
    policy_number: str | None = None
    policy_id: str | None = None
    job_number: str | None = None
    premium: str | None = None
    raw_error: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def refused(
        cls,
        garantisseur: Garantisseur,
        stage: str,
        messages: list[str],
        error_code: str | None,
        **details: Any,
    ) -> DeclarationResult:
        return cls(garantisseur, False, stage, messages, error_code, **details)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
