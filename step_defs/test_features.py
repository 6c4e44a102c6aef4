"""Every feature of features/ (the `bdd_features_base_dir`), bound in one place.

A `.feature` file dropped in the folder runs with no Python of its own, as long as its steps
are in the catalogue; `--feature NAME` (`make feature F=NAME`) plays one file.
"""

from pytest_bdd import scenarios

scenarios(".")
