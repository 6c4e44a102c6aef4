"""Scenarios of features/documents.feature."""

from pytest_bdd import scenarios

scenarios("documents.feature")
