"""Scenarios of features/prerequis.feature."""

from pytest_bdd import scenarios

scenarios("prerequis.feature")
