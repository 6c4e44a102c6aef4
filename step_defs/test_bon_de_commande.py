"""Scenarios of features/bon_de_commande.feature."""

from pytest_bdd import scenarios

scenarios("bon_de_commande.feature")
