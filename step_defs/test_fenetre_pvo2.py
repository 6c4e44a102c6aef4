"""Scenarios of features/fenetre_pvo2.feature."""

from pytest_bdd import scenarios

scenarios("fenetre_pvo2.feature")
