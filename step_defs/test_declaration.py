"""Scenarios of features/declaration.feature."""

from pytest_bdd import scenarios

scenarios("declaration.feature")
