"""Mutation testing of the rules and the declaration path: `make mutation` writes bench/MUTATION.md.

Why a script and not mutmut 3 or cosmic-ray: mutmut 3 mutates function bodies only (its
trampolines replace functions), so the tables that hold the rules at module level (Icare's
eligibility grid, PVO²'s refusal codes, the form's limits and messages) are never mutated;
cosmic-ray rewrites the files of the working tree in place and starts a fresh interpreter per
mutant with every operator's every alternative, a few thousand runs of ~4 s of start-up each on
two cores. Here every mutant lives in memory only: the tree is never written, a forked child
imports the mutated module through an import hook, with the third-party packages imported once
by the parent, and runs the module's own tests (`-n 0 -x`) under a time limit.

Operators, as in a hand sample: flip a comparison (to its boundary twin and its negation), move
a number by one, change a string, drop a `raise`, a call statement or a `not`, swap `and`/`or`,
`+`/`-` and `True`/`False`, return None. Docstrings, annotations and imports are left alone.

Each module and its tests are listed in bench/mutation.toml, with the survivors judged
equivalent (same behaviour by construction) and the one line saying why.
"""

from __future__ import annotations

import argparse
import ast
import copy
import importlib.abc
import importlib.util
import json
import os
import signal
import sys
import time
import tomllib
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "bench" / "mutation.toml"
RESULTS = ROOT / "bench" / "mutation-results"
REPORT = ROOT / "bench" / "MUTATION.md"
POSTGRES_URL = "SANDBOX_TEST_POSTGRES_URL"
PROJECT = (
    "fake_centralisateur",
    "fake_icare",
    "fake_guidewire",
    "fake_pvo2",
    "pvo_client",
    "sandbox",
    "harness",
    "tests",
    "step_defs",
    "conftest",
)
TESTS = ("tests", "step_defs", "conftest")
PYTEST_ARGS = [
    "-n",
    "0",
    "-x",
    "-q",
    "--assert=plain",  # pytest's rewriting hook would load the project's modules before ours
    "-p",
    "no:cacheprovider",
    "-o",
    "addopts=--strict-markers --import-mode=importlib",
    "-m",
    "not browser and not navigateur and not slow",
]


@dataclass
class Mutant:
    """One change to the module: where, what it was and what it became."""

    index: int
    line: int
    scope: str
    before: str
    after: str
    status: str = "not run"

    @property
    def key(self) -> str:
        """Stable across unrelated edits: the scope and the change, not the line."""
        return f"{self.scope}: {self.before} -> {self.after}"


# --- finding the mutants ------------------------------------------------------------------

_COMPARE_SWAPS: dict[type, tuple[type, ...]] = {
    ast.Lt: (ast.LtE, ast.GtE),
    ast.LtE: (ast.Lt, ast.Gt),
    ast.Gt: (ast.GtE, ast.LtE),
    ast.GtE: (ast.Gt, ast.Lt),
    ast.Eq: (ast.NotEq,),
    ast.NotEq: (ast.Eq,),
    ast.In: (ast.NotIn,),
    ast.NotIn: (ast.In,),
    ast.Is: (ast.IsNot,),
    ast.IsNot: (ast.Is,),
}
_BINOP_SWAPS: dict[type, type] = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.FloorDiv}


def _docstring_ids(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def _alternatives(node: ast.AST) -> Iterator[ast.AST]:
    """The mutated copies of one node (the node itself is not changed)."""
    if isinstance(node, ast.Compare):
        for i, op in enumerate(node.ops):
            for swap in _COMPARE_SWAPS.get(type(op), ()):
                new = copy.deepcopy(node)
                new.ops[i] = swap()
                yield new
    elif isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool):
            yield ast.Constant(not value)
        elif isinstance(value, int | float):
            yield ast.Constant(value + 1)
            yield ast.Constant(value - 1)
        elif isinstance(value, str):
            yield ast.Constant(f"XX{value}XX")
    elif isinstance(node, ast.JoinedStr):
        yield ast.JoinedStr([ast.Constant("XX"), *copy.deepcopy(node.values)])
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        yield copy.deepcopy(node.operand)
    elif isinstance(node, ast.BoolOp):
        yield ast.BoolOp(
            ast.Or() if isinstance(node.op, ast.And) else ast.And(), copy.deepcopy(node.values)
        )
    elif isinstance(node, ast.BinOp) and type(node.op) in _BINOP_SWAPS:
        new = copy.deepcopy(node)
        new.op = _BINOP_SWAPS[type(node.op)]()
        yield new
    elif isinstance(node, ast.Raise) or (
        isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
    ):
        yield ast.Pass()
    elif isinstance(node, ast.Return) and not (
        node.value is None or (isinstance(node.value, ast.Constant) and node.value.value is None)
    ):
        yield ast.Return(ast.Constant(None))


class _Sites(ast.NodeVisitor):
    """Every (node, scope) that may be mutated, skipping what does not run as rules."""

    def __init__(self, skip: set[int], only: list[str]) -> None:
        self.skip = skip
        self.only = only
        self.scope: list[str] = []
        self.sites: list[tuple[ast.AST, str]] = []

    def _in_scope(self) -> bool:
        name = ".".join(self.scope) or "<module>"
        return not self.only or any(
            name == prefix or name.startswith(prefix + ".") for prefix in self.only
        )

    def _visit_named(self, target: ast.expr, value: ast.expr) -> None:
        """A module-level constant is its own scope, so its mutants are named after it."""
        named = not self.scope and isinstance(target, ast.Name)
        if named:
            self.scope.append(target.id)
        self.visit(value)
        if named:
            self.scope.pop()

    def generic_visit(self, node: ast.AST) -> None:
        if isinstance(node, ast.Import | ast.ImportFrom) or id(node) in self.skip:
            return
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            self.scope.append(node.name)
            for decorator in node.decorator_list:
                self.visit(decorator)
            if isinstance(node, ast.ClassDef):
                for base in node.bases:
                    self.visit(base)
            else:
                for default in [*node.args.defaults, *node.args.kw_defaults]:
                    if default is not None:
                        self.visit(default)
            for statement in node.body:
                self.visit(statement)
            self.scope.pop()
            return
        if isinstance(node, ast.AnnAssign):
            if node.value is not None:
                self._visit_named(node.target, node.value)
            return
        if isinstance(node, ast.Assign) and not self.scope and len(node.targets) == 1:
            self._visit_named(node.targets[0], node.value)
            return
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            return
        if self._in_scope() and hasattr(node, "lineno"):
            self.sites.append((node, ".".join(self.scope) or "<module>"))
        if isinstance(node, ast.JoinedStr):
            for value in node.values:  # the parts' expressions, not their literal pieces
                if isinstance(value, ast.FormattedValue):
                    self.visit(value.value)
            return
        super().generic_visit(node)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


class _Replace(ast.NodeTransformer):
    def __init__(self, target: ast.AST, replacement: ast.AST) -> None:
        self.target = target
        self.replacement = replacement

    def visit(self, node: ast.AST) -> ast.AST:
        if node is self.target:
            return ast.copy_location(self.replacement, node)
        return super().visit(node)


def _copy_keeping(tree: ast.Module, target: ast.AST) -> ast.Module:
    """A copy of `tree` in which `target` keeps its identity, so _Replace can find it."""
    return copy.deepcopy(tree, {id(target): target})


def find_mutants(source: str, only: list[str]) -> list[tuple[Mutant, ast.Module]]:
    """Every mutant of `source` (restricted to the scopes in `only` when given), with its tree."""
    tree = ast.parse(source)
    sites = _Sites(_docstring_ids(tree), only)
    sites.visit(tree)
    mutants: list[tuple[Mutant, ast.Module]] = []
    seen: dict[str, int] = {}
    for node, scope in sites.sites:
        for replacement in _alternatives(node):
            mutated = _Replace(node, replacement).visit(_copy_keeping(tree, node))
            ast.fix_missing_locations(mutated)
            before = ast.unparse(node).splitlines()[0][:90]
            after = ast.unparse(replacement).splitlines()[0][:90]
            mutant = Mutant(len(mutants) + 1, node.lineno, scope, before, after)
            seen[mutant.key] = seen.get(mutant.key, 0) + 1
            if seen[mutant.key] > 1:  # the same change elsewhere in the scope: numbered
                mutant.scope += f" ({seen[mutant.key]})"
            mutants.append((mutant, mutated))
    return mutants


# --- running them ---------------------------------------------------------------------------


class _MutatedModule(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Serves the mutated code under the module's own name and file."""

    def __init__(self, name: str, path: Path, code: object) -> None:
        self.name, self.path, self.code = name, path, code

    def find_spec(self, fullname, path=None, target=None):  # type: ignore[no-untyped-def]
        if fullname != self.name:
            return None
        return importlib.util.spec_from_loader(fullname, self, origin=str(self.path))

    def create_module(self, spec):  # type: ignore[no-untyped-def]
        return None

    def exec_module(self, module) -> None:  # type: ignore[no-untyped-def]
        module.__file__ = str(self.path)
        exec(self.code, module.__dict__)


def _is_project(name: str) -> bool:
    return name.split(".")[0] in PROJECT or name.startswith("_pytest_bdd_")


def _is_test(name: str) -> bool:
    return name.split(".")[0] in TESTS or name.startswith("_pytest_bdd_")


def _stale(target: str) -> list[str]:
    """The project modules to import again for a mutant of `target`: itself, the packages above
    and below it, and every module holding one of their objects (`from target import X`)."""
    stale = {target}
    while True:
        before = len(stale)
        stale |= {n for n in sys.modules for s in stale if n.startswith(s + ".")}
        stale |= {s.rsplit(".", 1)[0] for s in stale if "." in s}
        held = {
            id(value)
            for name in stale
            if name in sys.modules
            for value in vars(sys.modules[name]).values()
            if not (value is None or isinstance(value, bool | int))
        }
        for name, module in list(sys.modules.items()):
            if name in stale or not _is_project(name) or module is None:
                continue
            if any(id(value) in held for value in vars(module).values()):
                stale.add(name)
        if len(stale) == before:
            return sorted(stale)


def _child(
    stale: list[str], module: str, path: Path, code: object | None, tests: list[str], log: Path
) -> None:
    """In the forked child: serve the mutant, run the tests, exit with pytest's code."""
    for name in [n for n in sys.modules if n in stale or _is_test(n)]:
        del sys.modules[name]
    if code is not None:
        sys.meta_path.insert(0, _MutatedModule(module, path, code))
    out = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(out, 1)
    os.dup2(out, 2)
    import pytest

    os._exit(int(pytest.main([*PYTEST_ARGS, *tests])))


def _fork(
    stale: list[str], module: str, path: Path, code: object | None, tests: list[str], log: Path
) -> int:
    pid = os.fork()
    if pid == 0:
        try:
            _child(stale, module, path, code, tests, log)
        finally:
            os._exit(99)
    return pid


def _wait(pid: int, started: float, timeout: float) -> str | None:
    """killed | survived | timeout once the child is done (killed at `timeout`), else None."""
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        return "survived" if os.waitstatus_to_exitcode(status) == 0 else "killed"
    if time.monotonic() - started > timeout:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        return "timeout"
    return None


def _warm_up(module: str, path: Path, tests: list[str], log: Path) -> float:
    """Run the unmutated tests once in a child that reports the third-party modules it loaded;
    import them here so every mutant's child starts warm. Returns the run's duration."""
    read, write = os.pipe()
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        import atexit

        def report() -> None:
            names = [n for n in sys.modules if not _is_test(n) and not n.startswith("__")]
            os.write(write, json.dumps(names).encode())
            os.close(write)

        atexit.register(report)
        try:
            for name in [n for n in sys.modules if _is_project(n)]:
                del sys.modules[name]
            out = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(out, 1)
            os.dup2(out, 2)
            import pytest

            code = int(pytest.main([*PYTEST_ARGS, *tests]))
            report()
            os._exit(code)
        finally:
            os._exit(99)
    os.close(write)
    chunks = []
    while chunk := os.read(read, 1 << 16):
        chunks.append(chunk)
    os.close(read)
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{module}: its tests fail without any mutation, see {log}")
    for name in json.loads(b"".join(chunks) or b"[]"):
        if name not in sys.modules:
            try:
                importlib.import_module(name)
            except Exception:
                continue
    return time.monotonic() - started


def mutate_module(
    path_text: str,
    spec: dict,
    tests: list[str],
    budget: float,
    jobs: int,
    only_indexes: set[int] | None,
    save: Callable[[dict], None],
    previous: dict[str, str],
) -> dict:
    """Every mutant of one module against `tests`; the results as a dict for the report."""
    path = ROOT / path_text
    module = path_text.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
    logs = RESULTS / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    log = logs / (module + ".log")
    baseline = _warm_up(module, path, tests, log)
    stale = _stale(module)
    started = time.monotonic()
    pid = _fork(stale, module, path, None, tests, log)
    while (warm := _wait(pid, started, 10 * baseline + 30)) is None:
        time.sleep(0.05)
    if warm != "survived":
        sys.exit(f"{module}: its tests fail without any mutation, see {log}")
    timeout = 3 * (time.monotonic() - started) + 10
    mutants = find_mutants(path.read_text(encoding="utf-8"), spec.get("only", []))
    for mutant, _ in mutants:  # --resume: what an earlier run of this code already decided
        mutant.status = previous.get(mutant.key, mutant.status)
    todo = [
        (m, t)
        for m, t in mutants
        if (not only_indexes or m.index in only_indexes) and m.status == "not run"
    ]
    running: dict[int, tuple[Mutant, float]] = {}
    started = time.monotonic()
    while todo or running:
        while todo and len(running) < jobs and time.monotonic() - started < budget:
            mutant, tree = todo.pop(0)
            code = compile(tree, str(path), "exec")
            slot_log = log.with_suffix(f".{mutant.index % jobs}.log")
            running[_fork(stale, module, path, code, tests, slot_log)] = (mutant, time.monotonic())
        if not running:
            break  # out of time: the rest stay "not run"
        for pid, (mutant, since) in list(running.items()):
            status = _wait(pid, since, timeout)
            if status is None:
                continue
            del running[pid]
            mutant.status = status
            save(_result(path_text, tests, started, mutants))
            print(f"  {module} #{mutant.index} line {mutant.line}: {mutant.status}", flush=True)
        time.sleep(0.05)
    return _result(path_text, tests, started, mutants)


def _result(
    path_text: str, tests: list[str], started: float, mutants: list[tuple[Mutant, ast.Module]]
) -> dict:
    """The results so far, as stored: a run cut short still reports what it tried."""
    return {
        "module": path_text,
        "tests": tests,
        "seconds": round(time.monotonic() - started),
        "mutants": [asdict(m) | {"key": m.key} for m, _ in mutants],
    }


# --- the report ---------------------------------------------------------------------------


def _stored(path_text: str, before: bool) -> Path:
    return RESULTS / (path_text.replace("/", ".") + (".before" if before else "") + ".json")


def _counts(result: dict) -> dict[str, int]:
    counts = {"tried": 0, "killed": 0, "equivalent": 0, "survived": 0, "timeout": 0}
    counts["total"] = len(result["mutants"])
    for mutant in result["mutants"]:
        if mutant["status"] == "not run":
            continue
        counts["tried"] += 1
        counts[mutant["status"]] += 1
    return counts


def _score(counts: dict[str, int]) -> str:
    judged = counts["tried"] - counts["equivalent"]
    if not judged:
        return "-"
    return f"{100 * (counts['killed'] + counts['timeout']) / judged:.0f} %"


def write_report(config: dict) -> None:
    """bench/MUTATION.md from the stored results of every module in the config."""
    lines = [
        "# Mutation testing: the rules and the declaration path",
        "",
        "Written by `make mutation` (bench/mutation.py; modules, tests and equivalent mutants in",
        "bench/mutation.toml). Each mutant is run against its module's own tests, `-n 0 -x`;",
        "killed = a test failed (or the run passed its time limit), equivalent = survived and",
        "judged to behave as the original (the reason is given), survived = a test is missing.",
        "Score = (killed + timed out) / (tried - equivalent); a run cut short by its time budget",
        "(`--budget`; `--resume` runs the rest) says how many of the module's mutants it tried.",
        "",
        "| module | tried | killed | timed out | equivalent | survived | score | before |",
        "|---|---|---|---|---|---|---|---|",
    ]
    details: list[str] = []
    for path_text, spec in config["modules"].items():
        stored = _stored(path_text, before=False)
        if not stored.exists():
            lines.append(f"| `{path_text}` | not run | | | | | | |")
            continue
        result = json.loads(stored.read_text(encoding="utf-8"))
        reasons = spec.get("equivalent", {})
        for mutant in result["mutants"]:
            if mutant["status"] == "survived" and mutant["key"] in reasons:
                mutant["status"] = "equivalent"
        counts = _counts(result)
        earlier = _stored(path_text, before=True)
        before = "-"
        if earlier.exists():
            was = _counts(json.loads(earlier.read_text(encoding="utf-8")))
            before = f"{_score(was)} ({was['tried']} of {was['total']})"
        lines.append(
            f"| `{path_text}` | {counts['tried']} of {counts['total']} | {counts['killed']} "
            f"| {counts['timeout']} "
            f"| {counts['equivalent']} | {counts['survived']} | {_score(counts)} | {before} |"
        )
        kept = [m for m in result["mutants"] if m["status"] in ("equivalent", "survived")]
        details += ["", f"## `{path_text}`", ""]
        details.append(f"Tests: {', '.join(f'`{t}`' for t in result['tests'])}; ")
        details[-1] += f"{result['seconds']} s for the mutants."
        if spec.get("only"):
            details.append(f"Scopes mutated: {', '.join(f'`{s}`' for s in spec['only'])}.")
        if not kept:
            details += ["", "No survivor."]
        for mutant in kept:
            reason = reasons.get(mutant["key"], "NOT EXPLAINED: a test is missing")
            details.append(
                f"- line {mutant['line']}, {mutant['status']}: `{mutant['key']}`: {reason}"
            )
    lines.append("")
    lines.append(
        "`before`: the same operators against `before_tests` of bench/mutation.toml, the tests "
        "this module had before its own were written (`make mutation ARGS=--before`)."
    )
    REPORT.write_text("\n".join(lines + details) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="paths as in bench/mutation.toml (all)")
    parser.add_argument("--budget", type=float, default=900, help="seconds per module")
    parser.add_argument("--jobs", type=int, default=1, help="mutants run at once")
    parser.add_argument("--mutant", type=int, action="append", help="only these mutants")
    parser.add_argument("--list", action="store_true", help="list the mutants, run nothing")
    parser.add_argument("--report-only", action="store_true")
    parser.add_argument(
        "--resume", action="store_true", help="keep the stored kills, run the other mutants"
    )
    parser.add_argument("--before", action="store_true", help="run `before_tests` instead")
    args = parser.parse_args()
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    # Stopped by a signal, still stop the private PostgreSQL (the ExitStack below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    RESULTS.mkdir(exist_ok=True)
    with ExitStack() as stack:
        if not args.list and not os.environ.get(POSTGRES_URL):
            from tests.private_postgres import private_cluster, server_binaries

            binaries = server_binaries()
            if binaries is not None:  # one cluster for every mutant, not one each
                os.environ[POSTGRES_URL] = stack.enter_context(private_cluster(binaries))
        _mutate(config, args)


def _mutate(config: dict, args: argparse.Namespace) -> None:
    for path_text in args.modules or ([] if args.report_only else list(config["modules"])):
        spec = config["modules"][path_text]
        if args.list:
            source = (ROOT / path_text).read_text(encoding="utf-8")
            for mutant, _ in find_mutants(source, spec.get("only", [])):
                print(f"#{mutant.index} line {mutant.line} {mutant.key}")
            continue
        tests = spec["before_tests" if args.before else "tests"]
        print(f"{path_text}: {', '.join(tests)}", flush=True)
        stored = _stored(path_text, args.before)

        def save(result: dict, stored: Path = stored) -> None:
            stored.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")

        previous = {}
        if args.resume and stored.exists():
            earlier = json.loads(stored.read_text(encoding="utf-8"))
            if earlier["tests"] == tests:
                previous = {  # a kill stands; a survivor is tried again against new tests
                    m["key"]: m["status"]
                    for m in earlier["mutants"]
                    if m["status"] in ("killed", "timeout")
                }
        result = mutate_module(
            path_text, spec, tests, args.budget, args.jobs, set(args.mutant or []), save, previous
        )
        save(result)
        counts = _counts(result)
        print(f"{path_text}: {counts} score {_score(counts)}", flush=True)
    if not args.list:
        write_report(config)


if __name__ == "__main__":
    main()
