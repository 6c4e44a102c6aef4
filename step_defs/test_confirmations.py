"""Scenarios of features/confirmations.feature."""

from pytest_bdd import scenarios

scenarios("confirmations.feature")
