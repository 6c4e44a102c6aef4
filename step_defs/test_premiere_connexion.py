"""Scenarios of features/premiere_connexion.feature."""

from pytest_bdd import scenarios

scenarios("premiere_connexion.feature")
