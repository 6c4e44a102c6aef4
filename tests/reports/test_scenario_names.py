"""The names the reports give the project's own scenarios: one per example of an outline."""

from __future__ import annotations

from pytest_bdd.feature import get_feature

from harness.reports import scenario_tags, scenario_title, step_outcomes, steps_text


def test_each_example_of_an_outline_has_its_own_name() -> None:
    feature = get_feature("features", "champs_obligatoires.feature")
    outline = feature.scenarios["Chaque champ obligatoire non renseigné est signalé"]
    [examples] = outline.examples
    titles = [scenario_title(outline, example) for example in examples.as_contexts()]
    assert len(set(titles)) == len(titles) == 30
    assert titles[2] == (
        "Chaque champ obligatoire non renseigné est signalé "
        "(champ : Civilité, message : Le champ civilité est obligatoire)"
    )


def test_values_the_title_shows_are_not_repeated() -> None:
    feature = get_feature("features", "erreurs_signalees.feature")
    outline = feature.scenarios["<ticket> : <titre>"]
    first = next(outline.examples[0].as_contexts())
    assert scenario_title(outline, first) == (
        "SUP-001 : Type véhicule et immatriculation non renseignés "
        "(cas : sup-001-champs-obligatoires)"
    )


def test_a_plain_scenario_keeps_its_title_and_inherits_the_feature_tags() -> None:
    feature = get_feature("features", "champs_obligatoires.feature")
    title = "Le tutoriel : type véhicule et immatriculation non renseignés"
    scenario = feature.scenarios[title]
    assert scenario_title(scenario, {}) == title
    assert scenario_tags(scenario, {}) == ["@navigateur"]
    outline = get_feature("features", "erreurs_signalees.feature").scenarios["<ticket> : <titre>"]
    assert scenario_tags(outline, next(outline.examples[0].as_contexts())) == ["@api"]


def test_steps_after_the_failed_one_did_not_run() -> None:
    steps = [
        {"keyword": "Soit", "name": "un", "failed": False},
        {"keyword": "Quand", "name": "deux", "failed": True},
        {"keyword": "Alors", "name": "trois", "failed": True},
        {"keyword": "Et", "name": "quatre", "failed": True},
    ]
    assert step_outcomes(steps) == ["réussie", "échouée", "non jouée", "non jouée"]
    assert step_outcomes(steps[:1]) == ["réussie"]
    assert steps_text(steps[:2]) == "Soit un : réussie\nQuand deux : échouée"
