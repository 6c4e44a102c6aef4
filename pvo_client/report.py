"""The outcome of a declaration in French, as `pvo-sandbox declare` prints it."""

from __future__ import annotations

from pvo_client.domain import BonDeCommande
from pvo_client.result import DeclarationResult
from sandbox.french import format_amount

STAGES = {
    "pvo2": "PVO² refuse la déclaration",
    "centralisateur": "Le Centralisateur est injoignable",
    "profil": "Première connexion : le profil n'est pas configuré",
    "formulaire": "Le formulaire de déclaration est refusé",
    "icare": "Icare",
    "psa": "PSA Assurance refuse la déclaration",
}


def headline(bdc: BonDeCommande, garantisseur: str = "Déclaration de garantie Spoticar") -> str:
    vehicle = bdc.vehicle
    return (
        f"{garantisseur} – BDC n°{bdc.numero} "
        f"({vehicle.marque} {vehicle.modele}, {vehicle.immatriculation})"
    )


def describe(title: str, result: DeclarationResult) -> str:
    """A few lines a dealer or support can read: numbers and links, or what stopped it."""
    lines = [title]
    if result.policy_number:
        lines.append(
            f"✔ Contrat PSA Assurance émis : police n° {result.policy_number}, prime "
            f"{format_amount(result.premium)} TTC"
        )
    if result.declaration_number:
        lines.append(
            "✔ Confirmation de la déclaration sur le centralisateur : "
            f"n° {result.declaration_number}"
        )
    if result.contract_number:
        lines.append(
            f"✔ Confirmation de la création du contrat Icare : n° {result.contract_number}"
            " (vous pouvez retrouver le contrat grâce au numéro sur le portail Myicare"
            f"{' : ' + result.myicare_url if result.myicare_url else ''})"
        )
    if not result.accepted or result.messages:
        mark = "⚠" if result.accepted else "✘"
        lines.append(f"{mark} {STAGES.get(result.stage, result.stage)} :")
        lines.extend(f"  • {message}" for message in result.messages)
    if result.documents.get("releve"):
        lines.append(f"Imprimer le relevé d'information : {result.documents['releve']}")
        lines.append(f"Imprimer le certificat de souscription : {result.documents['certificat']}")
    if not result.accepted and result.form_url:
        lines.append(f"Formulaire : {result.form_url}")
    return "\n".join(lines)
