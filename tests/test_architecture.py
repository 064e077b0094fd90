"""The shape of the code (ARCHITECTURE.md): no import loops among reportgen's modules, no module over 500 lines,
every import inside a function says why it is there, and the layering rule that ruff enforces really does refuse a
backward import."""

from __future__ import annotations

import ast
import io
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The installed package `reportgen` is put together from these folders (pyproject.toml, package-dir).
PACKAGE_DIRS = {
    "reportgen": ROOT / "src" / "reportgen",
    "reportgen.cli": ROOT / "cli",
    "reportgen.compare": ROOT / "compare",
    "reportgen.templates": ROOT / "templates",
}
MAX_LINES = 500


def _modules() -> dict[str, Path]:
    modules: dict[str, Path] = {}
    for package, folder in PACKAGE_DIRS.items():
        for path in sorted(folder.rglob("*.py")):
            parts = list(path.relative_to(folder).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join([package, *parts])] = path
    return modules


def _type_checking_only(tree: ast.Module) -> set[int]:
    """Line numbers of imports under ``if TYPE_CHECKING:``, which do not run."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in node.body:
                lines.update(range(inner.lineno, (inner.end_lineno or inner.lineno) + 1))
    return lines


def _imported(module: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The reportgen modules ``module`` imports anywhere in its body (function-level imports included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_only(tree)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and node.lineno not in skipped:
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.lineno not in skipped:
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join([*parts[: len(parts) - node.level + 1], *([base] if base else [])])
            names = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name and name != module:
                found.add(name)
    return found


def import_graph() -> dict[str, set[str]]:
    """Module → the reportgen modules it imports (a package counts as its ``__init__``)."""
    known = _modules()
    return {module: _imported(module, path, known) for module, path in known.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_the_graph_sees_function_level_and_relative_imports() -> None:
    graph = import_graph()
    assert "reportgen.model" in graph["reportgen.parse"]
    assert "reportgen.word_layout" in graph["reportgen.draft.run"]  # imported inside a function
    assert "reportgen.cli.main" in graph["reportgen.__main__"]


def test_cycles_finds_a_loop() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_loops() -> None:
    assert cycles(import_graph()) == []


def test_no_module_over_500_lines() -> None:
    too_long = {}
    for module, path in _modules().items():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            too_long[module] = lines
    assert too_long == {}


def _comment_lines(source: str) -> set[int]:
    return {
        token.start[0]
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT
    }


def unexplained_imports(source: str) -> list[int]:
    """Lines of imports inside functions with no comment saying why: a run of consecutive import statements needs
    a comment on one of its lines or on the line just above it."""
    tree = ast.parse(source)
    comments = _comment_lines(source)
    skipped = _type_checking_only(tree)
    found: list[int] = []
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for block in ast.walk(function):
            body = getattr(block, "body", None)
            if not isinstance(body, list):
                continue
            run: list[ast.stmt] = []
            for statement in [*body, None]:
                if isinstance(statement, (ast.Import, ast.ImportFrom)) and statement.lineno not in skipped:
                    run.append(statement)
                    continue
                if run:
                    lines = range(run[0].lineno - 1, (run[-1].end_lineno or run[-1].lineno) + 1)
                    if not comments.intersection(lines):
                        found.extend(node.lineno for node in run)
                    run = []
    return sorted(set(found))


def test_unexplained_imports_finds_a_silent_one() -> None:
    source = (
        "def f():\n    import json\n\n    return json\n\n\n"
        "def g():\n    # lazy for start-up: numpy\n    import numpy\n    from x import y\n\n    return numpy, y\n"
    )
    assert unexplained_imports(source) == [2]


def test_function_level_imports_say_why() -> None:
    silent = {
        module: lines
        for module, path in _modules().items()
        if (lines := unexplained_imports(path.read_text(encoding="utf-8")))
    }
    assert silent == {}, "import at module top, or say in a comment why the import is lazy"


@pytest.mark.parametrize(
    ("folder", "line", "banned"),
    [
        ("src/reportgen", "from reportgen.compare.diff import diff_refs", "reportgen.compare"),
        ("src/reportgen/match", "from reportgen.compare.diff import Diff", "reportgen.compare"),
        ("src/reportgen/draft", "import reportgen.cli.main", "reportgen.cli"),
        ("src/reportgen/draft", "from reportgen.web.app import create_app", "reportgen.web"),
        ("compare", "from reportgen.draft.run import draft_report", "reportgen.draft"),
        ("compare", "import typer", "typer"),
        ("src/reportgen/web", "from reportgen.cli.common import fail", "reportgen.cli"),
    ],
)
def test_ruff_refuses_a_backward_import(folder: str, line: str, banned: str) -> None:
    probe = ROOT / folder / "_layering_probe.py"
    probe.write_text(f'"""A probe."""\n\n{line}\n', encoding="utf-8")
    try:
        result = subprocess.run(
            [str(Path(sys.executable).parent / "ruff"), "check", "--no-cache", "--select", "TID251", str(probe)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        probe.unlink()
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"`{banned}` is banned" in result.stdout
