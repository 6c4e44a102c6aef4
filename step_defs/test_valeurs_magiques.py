"""Scenarios of features/valeurs_magiques.feature."""

from pytest_bdd import scenarios

scenarios("valeurs_magiques.feature")
