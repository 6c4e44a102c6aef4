"""A fuzz of `pvo-sandbox`'s arguments and input files (hypothesis, derandomized and bounded):
whatever it is given, a command ends with its output or one French line, never a traceback.

The fakes it would call are on a closed port (127.0.0.1:9), unless a drawn URL replaces it
(none of those answers): a command that gets as far as the network fails at once. Commands
that start servers (`up`, `serve`) are left out: a valid draw would serve until stopped; their
options are checked in `test_cli_hardening.py`.
"""

from __future__ import annotations

import json
import traceback
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness.cli import main

ROOT = Path(__file__).resolve().parents[2]
BDC = json.loads(
    (ROOT / "fixtures" / "bdc" / "8120417-peugeot-208-puretech-allure.json").read_text("utf-8")
)
CASE = json.loads(
    (ROOT / "fixtures" / "cases" / "sup-001-champs-obligatoires.json").read_text("utf-8")
)
NOWHERE = "http://127.0.0.1:9"
FUZZ = settings(
    derandomize=True,
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Values a careless or hostile caller types: edges of every bound, other alphabets, escapes
# (a command line holds half of a UTF-16 pair only as \udc80-\udcff, bytes that are not UTF-8).
AWKWARD = [
    "", " ", "-1", "0", "1", "65536", "70000", "10001", "1000000000", "9" * 5000, "1e309",
    "NaN", "²", "٣", "0001-01-01", "2025-02-30", "31/02/2025", "2096-12-31", "\udcff",
    "é€", "Ω", "秘密", "../../x", "/abs/x", "/dev/null", "/dev/zero", "/proc/self/mem",
    "http://127.0.0.1:9", "http://[::1", "ftp://x", "%s%n", "{}", "[]", "--help", "psa",
    "spoticar",
]  # fmt: skip
VALUES = st.one_of(
    st.sampled_from(AWKWARD),
    st.text(st.characters(blacklist_characters="\x00"), max_size=20),
)
JSON_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.sampled_from([*AWKWARD, "\ud800", "\udfff"]),
    st.text(max_size=20),
)
JSON_VALUES = st.recursive(
    JSON_LEAVES,
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)  # fmt: skip


def _mutated(document: dict[str, Any]) -> st.SearchStrategy[bytes]:
    """The document with one field, at any depth, set to a drawn value (or removed)."""
    paths = []

    def walk(node: Any, path: tuple[str, ...]) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                paths.append((*path, key))
                walk(value, (*path, key))

    walk(document, ())

    def change(path: tuple[str, ...], value: Any) -> bytes:
        copy = json.loads(json.dumps(document))
        target = copy
        for key in path[:-1]:
            target = target[key]
        if value == "<absent>":
            del target[path[-1]]
        else:
            target[path[-1]] = value
        return json.dumps(copy, ensure_ascii=False).encode("utf-8", "surrogatepass")

    return st.builds(change, st.sampled_from(paths), JSON_VALUES | st.just("<absent>"))


FILES = st.one_of(
    st.binary(max_size=300),
    JSON_VALUES.map(lambda v: json.dumps(v).encode()),
    _mutated(BDC),
    _mutated(CASE),
)

# command, the options it takes (a value each, or None for a flag), its fixed arguments.
COMMANDS: list[tuple[list[str], dict[str, bool], list[str]]] = [
    (
        ["declare", "{file}"],
        {"--garantisseur": True, "--code": True, "--password": True, "--json": False,
         "--configure-profile": False, "--client-id": True, "--client-secret": True,
         "--centralisateur": True, "--guidewire": True},
        ["--centralisateur", NOWHERE, "--guidewire", NOWHERE],
    ),
    (
        ["print-bdc", "{file}"],
        {"--nom-societe": True, "--code-esa": True, "--du": True, "--au": True,
         "--numero-garantie": True, "--usager-prevu": True, "--html": True},
        [],
    ),
    (
        ["replay", "{file}"],
        {"--json": False, "--bdc-dir": True, "--admin-token": True, "--screenshot": True,
         "--icare": True},
        ["--centralisateur", NOWHERE, "--icare", NOWHERE, "--guidewire", NOWHERE],
    ),
    (
        ["case", "new"],
        {"--entry": True, "--dealer": True, "--ticket": True, "--title": True, "--seed": True,
         "--anonymise": False, "--force": False, "--pvo2": True, "--centralisateur": True},
        ["--centralisateur", NOWHERE],
    ),
    (["generate", "bdc"], {"--count": True, "--seed": True, "--today": True}, []),
    (
        ["conformance", "report"],
        {"--dealer": True, "--since": True, "--json": False, "--guidewire": True},
        ["--centralisateur", NOWHERE, "--icare", NOWHERE, "--guidewire", NOWHERE],
    ),
    (["mapping"], {}, []),
]  # fmt: skip


@st.composite
def command_lines(draw: st.DrawFn) -> tuple[list[str], bytes]:
    words, options, fixed = draw(st.sampled_from(COMMANDS))
    line = [*words, *fixed]  # the closed port first: a drawn URL comes after, and wins
    for name in draw(st.lists(st.sampled_from(sorted(options) or ["--help"]), max_size=4)):
        line.append(name)
        if options.get(name):
            line.append(draw(VALUES))
    if draw(st.booleans()):
        line.append(draw(VALUES))  # an extra argument
    return line, draw(FILES)


def _check(line: list[str], content: bytes, folder: Path) -> None:
    file = folder / "entree.json"
    file.write_bytes(content)
    args = [
        str(file) if arg == "{file}" else arg.replace("../../x", str(folder / "x")) for arg in line
    ]
    if args[:2] == ["generate", "bdc"]:
        args += ["--out", str(folder / "bdc")]  # after the drawn ones: it wins
    if "--html" in args or "--screenshot" in args:
        args = [str(folder / "sortie") if a in ("/dev/null", "/dev/zero") else a for a in args]
    result = CliRunner().invoke(main, args, prog_name="pvo-sandbox")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(result.exception))
        raise AssertionError(f"pvo-sandbox {args!r} raised:\n{trace}")
    assert "Traceback" not in result.output
    if result.exit_code >= 2:
        assert result.stderr.startswith("✘ "), result.output


@FUZZ
@given(command_lines())
def test_no_command_line_ends_in_a_traceback(
    tmp_path_factory: Any, drawn: tuple[list[str], bytes]
) -> None:
    line, content = drawn
    _check(line, content, tmp_path_factory.mktemp("fuzz"))
