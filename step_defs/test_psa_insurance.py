"""Scenarios of features/psa_insurance.feature."""

from pytest_bdd import scenarios

scenarios("psa_insurance.feature")
