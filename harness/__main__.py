"""`python -m harness`: the `pvo-sandbox` command, where the script is not on PATH."""

from harness.cli import main

main(prog_name="pvo-sandbox")
