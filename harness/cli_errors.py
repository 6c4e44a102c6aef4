"""What goes wrong at the command line, said in one French line, never as a traceback.

click words its usage errors in English (its templates, in `click/parser.py`, `core.py` and
`types.py`, are translated here by pattern); the system's errors (a file that cannot be read or
written) are said by their errno; an unreachable fake by its URL.
"""

from __future__ import annotations

import errno
import re
import sys
from typing import Any, NoReturn

import click
import requests

# click's templates, as it formats them, and their French.
CLICK_MESSAGES = [
    (r"No such option '(.+)'\.", "option inconnue : {0}"),
    (r"No such command '(.+)'\.", "commande inconnue : {0}"),
    (r"Missing command\.", "commande manquante"),
    (r"Option '(.+)' requires an argument\.", "l'option {0} attend une valeur"),
    (r"Option '(.+)' requires (\d+) arguments\.", "l'option {0} attend {1} valeurs"),
    (r"Option '(.+)' does not take a value\.", "l'option {0} ne prend pas de valeur"),
    (r"Got unexpected extra arguments? \((.+)\)", "argument en trop : {0}"),
    (r"\w+ '(.+)' does not exist\.", "« {0} » n'existe pas"),
    (r"\w+ '(.+)' is a file\.", "« {0} » est un fichier, un dossier est attendu"),
    (r"\w+ '(.+)' is a directory\.", "« {0} » est un dossier, un fichier est attendu"),
    (r"\w+ '(.+)' is not readable\.", "« {0} » ne peut pas être lu"),
    (r"\w+ '(.+)' is not writable\.", "« {0} » ne peut pas être écrit"),
    (r"'(.*)' is not (?:one of )?(.+)\.", "« {0} » n'est pas une valeur possible (au choix : {1})"),
    (r"'(.*)' is not a valid integer\.", "« {0} » n'est pas un nombre entier"),
    (r"(.+) is not in the range (.+)\.", "{0} n'est pas dans l'intervalle {1}"),
]
SYSTEM_ERRORS = {
    errno.ENOENT: "n'existe pas",
    errno.EACCES: "accès refusé",
    errno.EPERM: "opération non permise",
    errno.ENOTDIR: "un fichier se trouve là où un dossier est attendu",
    errno.EISDIR: "c'est un dossier, un fichier est attendu",
    errno.EEXIST: "existe déjà",
    errno.EIO: "erreur de lecture ou d'écriture",
    errno.EROFS: "système de fichiers en lecture seule",
    errno.ENOSPC: "plus de place sur le disque",
}


def _click_message(message: str) -> str:
    for pattern, french in CLICK_MESSAGES:
        found = re.fullmatch(pattern, message)
        if found:
            return french.format(*(group.replace("'", "") for group in found.groups()))
    return message


def _hint(error: click.BadParameter) -> str:
    """The parameter as the user typed it: `--garantisseur`, or `BDC_FILE` for an argument."""
    if error.param is None or error.ctx is None:
        return "un paramètre"
    if error.param.param_type_name == "argument":
        return (error.param.name or "").upper()
    return error.param.get_error_hint(error.ctx).replace("'", "")


def usage_error(error: click.UsageError) -> str:
    """A usage error of click, in French, with the command's help to look at."""
    if isinstance(error, click.MissingParameter):
        line = f"il manque {_hint(error)}"
    elif isinstance(error, click.BadParameter):
        line = f"valeur refusée pour {_hint(error)} : {_click_message(error.message)}"
    else:
        line = _click_message(error.message)
        if isinstance(error, click.NoSuchOption) and error.possibilities:
            line += f" (vouliez-vous dire {' ou '.join(error.possibilities)} ?)"
    command = error.ctx.command_path if error.ctx else "pvo-sandbox"
    return _visible(f"{line[0].upper()}{line[1:].rstrip('.')}. Aide : {command} --help")


def _visible(text: str) -> str:
    """The line with what was typed shown, not obeyed: a control character or half of a UTF-16
    pair given as an argument is written as its escape (`\\n`, `\\udcff`), on one line."""
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape", "backslashreplace").decode()
        for c in text
    )


def system_reason(error: OSError) -> str:
    return SYSTEM_ERRORS.get(error.errno or 0, f"erreur du système ({error.strerror})")


def system_error(error: OSError) -> str:
    """A file the command could not read or write."""
    where = f"« {error.filename} » : " if error.filename else ""
    return f"{where}{system_reason(error)}."


def unreachable(error: requests.RequestException) -> str:
    url = error.request.url if error.request is not None else "le fake"
    return f"Impossible de joindre {url} : le sandbox est-il démarré (pvo-sandbox up) ?"


class FrenchGroup(click.Group):
    """A click group whose errors end the command with one French line on stderr (exit 2 for
    a usage error, 1 otherwise), as `✘ …`."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        # A file name that is not UTF-8 is printed with escapes, as Python prints it on stderr.
        reconfigure = getattr(sys.stdout, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
        try:
            code = super().main(*args, **kwargs)
        except click.UsageError as error:
            fail(usage_error(error), 2)
        except click.ClickException as error:
            fail(error.format_message(), error.exit_code)
        except click.Abort:
            fail("Interrompu.", 1)
        except requests.RequestException as error:  # an OSError too: said before them
            fail(unreachable(error), 1)
        except OSError as error:
            fail(system_error(error), 1)
        sys.exit(code if isinstance(code, int) else 0)


def fail(line: str, code: int = 2) -> NoReturn:
    """End the command with one French line (`✘ …`) on stderr."""
    click.echo(f"✘ {line}", err=True)
    sys.exit(code)
