"""Scenarios of features/bureau_declaration.feature."""

from pytest_bdd import scenarios

scenarios("bureau_declaration.feature")
