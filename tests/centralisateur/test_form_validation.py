"""The form's validation at each limit: the value at it accepted, one past it refused with the
field's exact message; JSON numbers, blanks, checkboxes and drafts as the API sends them.

"Today" is the Centralisateur's configured day, 30/11/2025.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from marshmallow import ValidationError

from fake_centralisateur import create_app, schemas
from tests.conftest import centralisateur_config

TODAY = "30/11/2025"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """One Centralisateur for the module: validation reads only its clock, never writes."""
    return create_app(centralisateur_config(tmp_path_factory.mktemp("form")))


def validate(app: Flask, form: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    with app.app_context():
        values, errors = schemas.validate_declaration(form)
    return values, [(e.field, e.message) for e in errors]


def errors_for(app: Flask, form: dict[str, Any], **changes: Any) -> list[tuple[str, str]]:
    return validate(app, {**form, **changes})[1]


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("immatriculation", "CC333C1", schemas.FORMAT_MESSAGES["is_plate"]),
        ("vin", "VF1BR1G0H4100240O", schemas.FORMAT_MESSAGES["is_vin"]),
        (
            "code_postal",
            "7501",
            "Le champ code postal doit être un code postal français : 5 chiffres, de 01000 à "
            "95999, 971xx à 976xx ou 98xxx (ex. 75010)",
        ),
        (
            "tel_mobile",
            "06 07 08",
            "Le champ tel. mobile doit être un numéro français : 0 suivi de 9 chiffres, le "
            "premier de 1 à 9 (ex. 06 12 34 56 78), ou +33 suivi de ces 9 chiffres",
        ),
        (
            "email",
            "jean.dupond",
            "Le champ email doit être une adresse email valide (ex. nom@exemple.fr)",
        ),
        (
            "date_naissance",
            "17 mai 1960",
            "Le champ date de naissance doit être une date au format JJ/MM/AAAA",
        ),
        (
            "date_naissance",
            "1960-13-45",
            "Le champ date de naissance n'est pas une date du calendrier",
        ),
        (
            "date_livraison",
            " 31/02/2025 ",
            "Le champ date de livraison n'est pas une date du calendrier",
        ),
        ("km_vente", "-5", "Le champ km jour de la vente doit être un nombre entier positif"),
        (
            "prix_vente",
            "15 000,00 euros",
            "Le champ prix de vente doit être un montant en euros (ex. 15 000,00)",
        ),
        ("energie", "VAPEUR", "Le champ energie doit être l'une des valeurs proposées"),
        (
            "consentement",
            ["email", "pigeon"],
            "Le champ consentement du client (FOCUS) doit être l'une des valeurs proposées",
        ),
        (
            "consentement",
            [3],
            "Le champ consentement du client (FOCUS) doit être l'une des valeurs proposées",
        ),
        ("reprise_vo", "peut-être", "Le champ reprise VO sur VO doit être coché ou non"),
        ("nom", "Du\x07pond", "Le champ nom contient des caractères non autorisés"),
        ("nom", {"a": 1}, "Le champ nom doit être un texte"),
        (
            "date_naissance",
            ["17/05/1960"],
            "Le champ date de naissance doit être une date au format JJ/MM/AAAA",
        ),
        ("km_vente", True, "Le champ km jour de la vente doit être un nombre entier positif"),
    ],
)
def test_each_bad_value_gets_its_exact_message(
    app: Flask, valid_form: dict[str, Any], name: str, value: Any, message: str
) -> None:
    assert errors_for(app, valid_form, **{name: value}) == [(name, message)]


@pytest.mark.parametrize(("length", "accepted"), [(99, True), (100, True), (101, False)])
def test_a_text_is_accepted_up_to_100_characters(
    app: Flask, valid_form: dict[str, Any], length: int, accepted: bool
) -> None:
    errors = errors_for(app, valid_form, nom="x" * length)
    assert errors == (
        [] if accepted else [("nom", "Le champ nom ne doit pas dépasser 100 caractères")]
    )


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("999999999", 999_999_999),
        ("120 000", 120_000),
        ("120\u202f000", 120_000),
        ("1\xa0000", 1000),
        ("0", 0),
    ],
)
def test_whole_numbers_up_to_nine_digits_with_spaces(
    app: Flask, valid_form: dict[str, Any], typed: str, value: int
) -> None:
    values, errors = validate(app, {**valid_form, "km_vente": typed})
    assert (errors, values["km_vente"]) == ([], value)


@pytest.mark.parametrize("typed", ["1000000000", "", "١٢"])
def test_ten_digits_or_other_digits_are_refused(
    app: Flask, valid_form: dict[str, Any], typed: str
) -> None:
    message = (
        "Le champ km jour de la vente est obligatoire"
        if not typed
        else "Le champ km jour de la vente doit être un nombre entier positif"
    )
    assert errors_for(app, valid_form, km_vente=typed) == [("km_vente", message)]


@pytest.mark.parametrize(
    ("sent", "kept"),
    [(12000, 12000), (12000.0, None), (10**15 - 1, None), (10**15, None), (float("nan"), None)],
)
def test_json_numbers_are_read_as_typed_text(
    app: Flask, valid_form: dict[str, Any], sent: Any, kept: int | None
) -> None:
    values, errors = validate(app, {**valid_form, "km_vente": sent})
    if kept is None:
        assert errors == [
            ("km_vente", "Le champ km jour de la vente doit être un nombre entier positif")
        ]
    else:
        assert (errors, values["km_vente"]) == ([], kept)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (12, "12"),
        (-12.5, "-12.5"),
        (Decimal("1.50"), "1.50"),
        (10**15 - 1, "999999999999999"),
        (-(10**15) + 1, "-999999999999999"),
        (10**15, None),
        (-(10**15), None),
        (True, None),
        (False, None),
        ("12", None),
        (None, None),
        (float("nan"), None),
        (float("inf"), None),
        (Decimal("sNaN"), None),
    ],
)
def test_number_text(value: Any, text: str | None) -> None:
    assert schemas.number_text(value) == text


def test_an_amount_is_read_as_a_decimal(app: Flask, valid_form: dict[str, Any]) -> None:
    values, errors = validate(
        app, {**valid_form, "prix_vente": 15000.5, "valeur_reprise": "1 000,00"}
    )
    assert errors == []
    assert (values["prix_vente"], values["valeur_reprise"]) == (
        Decimal("15000.50"),
        Decimal("1000.00"),
    )


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("01/01/1900", None),
        (
            "31/12/1899",
            "Le champ date de naissance doit être une date entre le 01/01/1900 et le 31/12/2099",
        ),
    ],
)
def test_dates_from_1900(
    app: Flask, valid_form: dict[str, Any], day: str, message: str | None
) -> None:
    errors = errors_for(app, valid_form, date_naissance=day)
    assert errors == ([] if message is None else [("date_naissance", message)])


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("31/12/2099", None),
        (
            "01/01/2100",
            "Le champ date fin de garantie doit être une date entre le 01/01/1900 et le 31/12/2099",
        ),
    ],
)
def test_dates_to_2099(
    app: Flask, valid_form: dict[str, Any], day: str, message: str | None
) -> None:
    errors = errors_for(app, valid_form, date_fin_garantie=day)
    assert errors == ([] if message is None else [("date_fin_garantie", message)])


END_BEFORE_START = "La date de fin de garantie doit être postérieure à la date de début de garantie"


@pytest.mark.parametrize(
    ("end", "errors"),
    [
        ("01/12/2025", []),
        ("30/11/2025", [("date_fin_garantie", END_BEFORE_START)]),
        ("29/11/2025", [("date_fin_garantie", END_BEFORE_START)]),
    ],
)
def test_the_end_must_follow_the_start(
    app: Flask, valid_form: dict[str, Any], end: str, errors: list[tuple[str, str]]
) -> None:
    assert errors_for(app, valid_form, date_debut_garantie=TODAY, date_fin_garantie=end) == errors


FUTURE = "La date de première immatriculation ne peut pas être dans le futur"
BEFORE_REGISTRATION = (
    "La date de livraison ne peut pas précéder la date de première immatriculation"
)


@pytest.mark.parametrize(
    ("first", "delivery", "errors"),
    [
        (TODAY, TODAY, []),  # registered and delivered today
        ("01/12/2025", "01/12/2025", [("date_premiere_immat", FUTURE)]),
        ("01/12/2025", "30/11/2025", [("date_premiere_immat", FUTURE)]),  # one message, not two
        ("29/11/2025", "29/11/2025", []),
        ("29/11/2025", "28/11/2025", [("date_livraison", BEFORE_REGISTRATION)]),
    ],
)
def test_registration_not_in_the_future_and_delivery_not_before_it(
    app: Flask, valid_form: dict[str, Any], first: str, delivery: str, errors: list[tuple[str, str]]
) -> None:
    assert errors_for(app, valid_form, date_premiere_immat=first, date_livraison=delivery) == errors


@pytest.mark.parametrize(
    ("birth", "errors"),
    [
        ("29/11/2025", []),
        (TODAY, [("date_naissance", "La date de naissance doit être dans le passé")]),
        ("01/12/2025", [("date_naissance", "La date de naissance doit être dans le passé")]),
    ],
)
def test_the_birth_date_is_in_the_past(
    app: Flask, valid_form: dict[str, Any], birth: str, errors: list[tuple[str, str]]
) -> None:
    assert errors_for(app, valid_form, date_naissance=birth) == errors


def test_several_date_rules_are_reported_together(app: Flask, valid_form: dict[str, Any]) -> None:
    errors = errors_for(
        app,
        valid_form,
        date_fin_garantie="01/01/2025",
        date_premiere_immat="01/01/2030",
        date_naissance="01/01/2030",
    )
    assert errors == [
        ("date_naissance", "La date de naissance doit être dans le passé"),
        ("date_premiere_immat", FUTURE),
        ("date_fin_garantie", END_BEFORE_START),
    ]


@pytest.mark.parametrize(
    ("typed", "ticked"),
    [
        ("on", True),
        ("TRUE", True),
        ("1", True),
        ("Oui", True),
        (True, True),
        ("off", False),
        ("False", False),
        ("0", False),
        ("NON", False),
        (False, False),
    ],
)
def test_checkboxes_read_every_spelling(
    app: Flask, valid_form: dict[str, Any], typed: Any, ticked: bool
) -> None:
    values, errors = validate(app, {**valid_form, "reprise_vo": typed})
    assert (errors, values["reprise_vo"]) == ([], ticked)


def test_unticked_boxes_and_unchosen_choices_are_filled_in(
    app: Flask, valid_form: dict[str, Any]
) -> None:
    del valid_form["consentement"]
    values, errors = validate(app, valid_form)
    assert errors == []
    assert (values["reprise_vo"], values["quatre_quatre"], values["consentement"]) == (
        False,
        False,
        [],
    )


def test_choices_are_kept_in_the_form_order_and_a_single_one_is_a_list(
    app: Flask, valid_form: dict[str, Any]
) -> None:
    values, _ = validate(app, {**valid_form, "consentement": ["sms", "email"]})
    assert values["consentement"] == ["email", "sms"]
    values, _ = validate(app, {**valid_form, "consentement": "courrier"})
    assert values["consentement"] == ["courrier"]


@pytest.mark.parametrize("blank", [None, "", "   ", []])
def test_blank_values_are_missing(app: Flask, valid_form: dict[str, Any], blank: Any) -> None:
    assert errors_for(app, valid_form, nom=blank) == [("nom", "Le champ nom est obligatoire")]


def test_texts_are_trimmed(app: Flask, valid_form: dict[str, Any]) -> None:
    values, errors = validate(app, {**valid_form, "nom": "  Dupond ", "complement_adresse": ""})
    assert (errors, values["nom"]) == ([], "Dupond")
    assert "complement_adresse" not in values


def test_a_blank_unknown_field_is_still_refused(app: Flask, valid_form: dict[str, Any]) -> None:
    assert errors_for(app, valid_form, couleur="") == [
        ("couleur", "Ce champ n'existe pas dans le formulaire de déclaration")
    ]


def test_not_an_object_is_refused_as_a_whole(app: Flask) -> None:
    with app.app_context():
        values, errors = schemas.validate_declaration(["nom"])  # type: ignore[arg-type]
    assert values == {}
    assert [(e.field, e.label, e.message) for e in errors] == [
        ("_schema", "_schema", "Un objet JSON est attendu.")
    ]


def test_ordered_errors_lists_unknown_fields_after_the_form() -> None:
    ordered = schemas.ordered_errors(
        {"zz": "texte seul", "nom": ["a", "b"], "civilite": ["c"], "_schema": ["d", "e"]}
    )
    assert [(e.field, e.label, e.message) for e in ordered] == [
        ("civilite", "Civilité", "c"),
        ("nom", "Nom", "a"),
        ("nom", "Nom", "b"),
        ("zz", "zz", "texte seul"),
        ("_schema", "_schema", "d"),
        ("_schema", "_schema", "e"),
    ]


@pytest.mark.parametrize(
    ("label", "quoted"),
    [
        ("Tel. Mobile", "tel. mobile"),
        ("VIN", "VIN"),
        ("Consentement du client (FOCUS)", "consentement du client (FOCUS)"),
        ("A B", "a b"),
    ],
)
def test_labels_are_quoted_in_lower_case_except_acronyms(label: str, quoted: str) -> None:
    spec = schemas.FormField("x", label, required=True)
    assert spec.message_label == quoted
    assert spec.required_message == f"Le champ {quoted} est obligatoire"


def test_a_starred_field_not_enforced_need_not_be_filled() -> None:
    assert schemas.FormField("x", "X", required=True).must_be_filled
    assert not schemas.FormField("x", "X", required=True, enforced=False).must_be_filled
    assert not schemas.FormField("x", "X").must_be_filled


# --- drafts: what PVO² pre-fills, kept as typed, refused only when no form could hold it ------


def load_draft(app: Flask, fields: dict[str, Any]) -> dict[str, Any]:
    with app.app_context():
        return schemas.DraftFieldsInSchema().load(fields)


def draft_errors(app: Flask, fields: dict[str, Any]) -> dict[str, Any]:
    with pytest.raises(ValidationError) as caught:
        load_draft(app, fields)
    return caught.value.messages  # type: ignore[return-value]


def test_a_draft_keeps_values_as_typed(app: Flask) -> None:
    fields = {
        "nom": "  Dupond ",
        "km_vente": " 12 000 ",
        "date_naissance": "",
        "reprise_vo": True,
        "consentement": ["pigeon"],
        "prix_vente": 15000,
        "vin": None,
        "code_postal": "   ",
    }
    assert load_draft(app, fields) == {**fields, "prix_vente": "15000"}


@pytest.mark.parametrize(("length", "accepted"), [(1000, True), (1001, False)])
def test_a_draft_text_is_accepted_up_to_1000_characters(
    app: Flask, length: int, accepted: bool
) -> None:
    if accepted:
        assert load_draft(app, {"nom": "x" * length}) == {"nom": "x" * length}
    else:
        assert draft_errors(app, {"nom": "x" * length}) == {
            "nom": ["Le champ nom ne doit pas dépasser 1000 caractères"]
        }


@pytest.mark.parametrize(
    ("fields", "messages"),
    [
        (
            {"date_naissance": " 01/01/2100 "},
            {
                "date_naissance": [
                    "Le champ date de naissance doit être une date entre le 01/01/1900 "
                    "et le 31/12/2099"
                ]
            },
        ),
        (
            {"consentement": ["x" * 101]},
            {
                "consentement": [
                    "Le champ consentement du client (FOCUS) doit être l'une des valeurs proposées"
                ]
            },
        ),
        (
            {"consentement": [1]},
            {
                "consentement": [
                    "Le champ consentement du client (FOCUS) doit être l'une des valeurs proposées"
                ]
            },
        ),
        ({"nom": {"a": 1}}, {"nom": ["Le champ nom doit être un texte"]}),
        (
            {"reprise_vo": {"a": 1}},
            {"reprise_vo": ["Le champ reprise VO sur VO doit être coché ou non"]},
        ),
        ({"nom": "a\x00b"}, {"nom": ["Le champ nom contient des caractères non autorisés"]}),
        (
            {"couleur": "rouge"},
            {"couleur": ["Ce champ n'existe pas dans le formulaire de déclaration"]},
        ),
    ],
)
def test_a_draft_refuses_what_no_form_could_hold(
    app: Flask, fields: dict[str, Any], messages: dict[str, Any]
) -> None:
    assert draft_errors(app, fields) == messages


def test_a_draft_accepts_100_character_choices(app: Flask) -> None:
    assert load_draft(app, {"consentement": ["x" * 100]}) == {"consentement": ["x" * 100]}


def test_an_empty_form_starts_with_france_and_no_loyalty_product() -> None:
    assert schemas.defaults() == {
        "pays_residence": "France",
        "nationalite": "France",
        "pays_naissance": "France",
        "produit_fidelisation": "Aucun",
    }
