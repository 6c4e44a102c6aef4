"""Scenarios of features/champs_obligatoires.feature."""

from pytest_bdd import scenarios

scenarios("champs_obligatoires.feature")
