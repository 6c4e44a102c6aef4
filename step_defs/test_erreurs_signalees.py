"""Scenarios of features/erreurs_signalees.feature."""

from pytest_bdd import scenarios

scenarios("erreurs_signalees.feature")
