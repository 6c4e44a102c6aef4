"""The form table: labels and asterisks of the tutorial, messages, and each format check."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from fake_centralisateur import schemas
from harness.demo import TUTORIAL_FORM


def _errors(app: Flask, values: dict[str, Any]) -> list[str]:
    with app.app_context():
        return [e.message for e in schemas.validate_declaration(values)[1]]


def test_required_fields_are_those_with_an_asterisk_in_the_tutorial() -> None:
    required = [f.label for f in schemas.FORM_FIELDS if f.required]
    assert required == [
        "Vendeur véhicule d'occasion",
        "Origine de la vente",
        "Consentement du client (FOCUS)",
        "Civilité",
        "Nom",
        "Prenom",
        "Adresse",
        "Code Postal",
        "Ville",
        "Pays de résidence",
        "Date de Naissance",
        "Nationalité",
        "Lieu de Naissance",
        "Pays de Naissance",
        "Type véhicule",
        "Energie",
        "Immatriculation",
        "Date première immat.",
        "Puissance Din",
        "Km jour de la vente",
        "Date de livraison",
        "Km gtie constructeur",
        "Marque",
        "Modèle véhicule",
        "Version",
        "VIN",
        "Garantie",
        "Durée",
        "Date début de garantie",
        "Date fin de garantie",
        "Produit fidélisation",
    ]


def test_optional_fields_of_the_tutorial_are_present() -> None:
    optional = {f.label for f in schemas.FORM_FIELDS if not f.required}
    assert optional == {
        "Reprise VO sur VO",
        "Email",
        "Tel. Fixe",
        "Tel. Mobile",
        "Complément adresse 1",
        "Nom de Naissance",
        "Type carte grise",
        "Puissance Fiscale",
        "Puissance KW",
        "4x4",
        "Cylindrée",
        "Prix de vente",
        "Valeur de reprise",
        "Côte du véhicule",
    }


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("type_vehicule", "Le champ type véhicule est obligatoire"),
        ("immatriculation", "Le champ immatriculation est obligatoire"),
        ("vin", "Le champ VIN est obligatoire"),
        ("consentement", "Le champ consentement du client (FOCUS) est obligatoire"),
        ("date_premiere_immat", "Le champ date première immat. est obligatoire"),
    ],
)
def test_required_message_quotes_the_label_as_the_tutorial_does(name: str, message: str) -> None:
    assert schemas.FIELDS_BY_NAME[name].required_message == message


def test_complete_form_is_accepted(app: Flask, valid_form: dict[str, Any]) -> None:
    assert _errors(app, valid_form) == []


def test_the_tutorial_screenshot_is_accepted(app: Flask) -> None:
    """Page 2 as the tutorial's screenshot shows it filled, no consent box ticked."""
    assert _errors(app, dict(TUTORIAL_FORM)) == []


def test_consents_are_starred_but_may_all_be_unticked(
    app: Flask, valid_form: dict[str, Any]
) -> None:
    valid_form["consentement"] = []
    with app.app_context():
        values, errors = schemas.validate_declaration(valid_form)
    assert errors == []
    assert values["consentement"] == []
    assert schemas.FIELDS_BY_NAME["consentement"].required


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("immatriculation", "AA-000-AA"),
        ("immatriculation", "SS-123-WW"),
        ("vin", "12345678910111213"),
        ("tel_fixe", "0102030405"),
        ("tel_mobile", "+33607080910"),
        ("code_postal", "20000"),
    ],
)
def test_a_value_of_the_right_shape_is_accepted(
    app: Flask, valid_form: dict[str, Any], name: str, value: str
) -> None:
    """What a registry has not issued still has the shape: the portal does not refuse it."""
    valid_form[name] = value
    assert _errors(app, valid_form) == []


def test_missing_fields_are_listed_in_form_order(app: Flask, valid_form: dict[str, Any]) -> None:
    valid_form.update(immatriculation="", type_vehicule="  ", nom="")
    assert _errors(app, valid_form) == [
        "Le champ nom est obligatoire",
        "Le champ type véhicule est obligatoire",
        "Le champ immatriculation est obligatoire",
    ]


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("immatriculation", "CC333C1", "L'immatriculation doit être au format AA-123-AA"),
        ("vin", "VF1BR1G0H4100240O", "Le VIN doit compter 17 caractères"),
        ("code_postal", "7501", "Le champ code postal doit être un code postal français"),
        ("code_postal", "00100", "Le champ code postal doit être un code postal français"),
        ("tel_mobile", "06 07 08", "Le champ tel. mobile doit être un numéro français"),
        ("tel_mobile", "0007080910", "Le champ tel. mobile doit être un numéro français"),
        ("email", "jean.dupond", "Le champ email doit être une adresse email valide"),
        (
            "date_naissance",
            "17 mai 1960",
            "Le champ date de naissance doit être une date au format",
        ),
        ("date_naissance", "1960-13-45", "Le champ date de naissance n'est pas une date du"),
        ("date_livraison", "31/02/2025", "Le champ date de livraison n'est pas une date du"),
        (
            "km_vente",
            "douze mille",
            "Le champ km jour de la vente doit être un nombre entier positif",
        ),
        ("km_vente", "-5", "Le champ km jour de la vente doit être un nombre entier positif"),
        ("prix_vente", "15 000,00 euros", "Le champ prix de vente doit être un montant en euros"),
        ("energie", "VAPEUR", "Le champ energie doit être l'une des valeurs proposées"),
        ("nom", "x" * 10_000, "Le champ nom ne doit pas dépasser 100 caractères"),
        ("nom", "Du\x07pond", "Le champ nom contient des caractères non autorisés"),
        ("date_fin_garantie", "29/11/2025", "La date de fin de garantie doit être postérieure"),
        ("date_premiere_immat", "01/01/2030", "La date de première immatriculation ne peut pas"),
        ("date_livraison", "01/01/2023", "La date de livraison ne peut pas précéder"),
        ("date_naissance", "01/12/2025", "La date de naissance doit être dans le passé"),
    ],
)
def test_badly_formed_value_gets_its_own_message(
    app: Flask, valid_form: dict[str, Any], name: str, value: str, message: str
) -> None:
    valid_form[name] = value
    errors = _errors(app, valid_form)
    assert len(errors) == 1
    assert errors[0].startswith(message)


def test_values_are_normalised(app: Flask, valid_form: dict[str, Any]) -> None:
    valid_form.update(immatriculation="ab123cd", vin="vr3uphnksnt000001", prix_vente="15 000,50")
    with app.app_context():
        values, errors = schemas.validate_declaration(valid_form)
    assert errors == []
    assert values["immatriculation"] == "AB-123-CD"
    assert values["vin"] == "VR3UPHNKSNT000001"
    assert str(values["prix_vente"]) == "15000.50"


def test_unknown_field_is_refused(app: Flask, valid_form: dict[str, Any]) -> None:
    valid_form["couleur"] = "rouge"
    assert _errors(app, valid_form) == ["Ce champ n'existe pas dans le formulaire de déclaration"]
