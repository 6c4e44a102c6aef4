"""Scenarios of features/bureau_bon_de_commande.feature."""

from pytest_bdd import scenarios

scenarios("bureau_bon_de_commande.feature")
