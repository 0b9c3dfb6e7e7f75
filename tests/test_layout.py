"""The shape of the code: one package per area, each used through its ``__init__``, no cycles,
no Streamlit in the core, and every shared rule written once (see README, "Layout")."""

from __future__ import annotations

import ast
import importlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.paths import ROOT

CORE = ROOT / "itnio_core"
AREAS = sorted(p.name for p in CORE.iterdir() if (p / "__init__.py").exists())


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def python_files(*folders: Path) -> list[Path]:
    return sorted(f for folder in folders for f in folder.rglob("*.py"))


def imports(path: Path, top_level_only: bool = False) -> Iterator[tuple[str, list[str], int]]:
    """(absolute module imported from, names, line) for every ``from ... import ...``."""
    me = module_name(path)
    package = me.split(".") if path.name == "__init__.py" else me.split(".")[:-1]
    tree = ast.parse(path.read_text())
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    for node in nodes:
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            else:
                module = node.module or ""
            yield module, [a.name for a in node.names], node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, [], node.lineno


def area_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "itnio_core" and len(parts) > 1 else None


def test_every_area_is_a_package_with_a_docstring_naming_its_modules() -> None:
    assert {"api", "store", "sheets", "phones", "campaigns", "sending", "reports", "otp",
            "access", "i18n", "cli", "sandbox", "common"} <= set(AREAS)  # fmt: skip
    loose = [p.name for p in CORE.glob("*.py") if p.name not in ("__init__.py", "__main__.py")]
    assert not loose, f"modules outside any area: {loose}"
    for area in AREAS:
        package = CORE / area
        doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text())) or ""
        assert len(doc.splitlines()) >= 3, f"{area}/__init__.py must say what the area owns"
        if area == "sandbox":
            continue  # its docstring is the simulator's rules; its modules are internal
        for module in package.glob("*.py"):
            if module.stem not in ("__init__", "__main__"):
                assert re.search(rf"\b{module.stem}\b", doc), f"{area}: {module.stem} unnamed"


def test_the_core_never_imports_streamlit() -> None:
    for path in python_files(CORE):
        for module, _names, line in imports(path):
            assert module.split(".")[0] != "streamlit", f"{path}:{line}"


def test_the_core_imports_itself_relatively() -> None:
    for path in python_files(CORE):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                assert not node.module.startswith("itnio_core"), f"{path}:{node.lineno}"


@pytest.mark.parametrize("folder", ["itnio_core", "views"])
def test_other_areas_are_used_through_their_package(folder: str) -> None:
    """``from ..campaigns import flow`` yes; ``from ..campaigns.flow import plan`` no."""
    files = python_files(ROOT / folder) + ([ROOT / "app.py"] if folder == "views" else [])
    wrong = []
    for path in files:
        mine = area_of(module_name(path))
        for module, names, line in imports(path):
            area = area_of(module)
            if area is None or area == mine:
                continue
            if module != f"itnio_core.{area}":
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
                continue
            surface = set(importlib.import_module(module).__all__)
            missing = [n for n in names if n not in surface]
            if missing:
                wrong.append(f"{path.relative_to(ROOT)}:{line}: {missing} not in {area}.__all__")
    assert not wrong, "\n".join(wrong)


def test_every_exported_name_exists() -> None:
    for area in AREAS:
        package = importlib.import_module(f"itnio_core.{area}")
        for name in getattr(package, "__all__", []):
            assert hasattr(package, name), f"{area}.__all__ lists {name}, which is not there"


def graph(edge: str) -> dict[str, set[str]]:
    """Import edges between areas (``edge="area"``) or between modules, module-level only."""
    edges: dict[str, set[str]] = {}
    for path in python_files(CORE):
        me = module_name(path)
        node = area_of(me) if edge == "area" else me
        if node is None:
            continue
        targets = edges.setdefault(node, set())
        for module, names, _line in imports(path, top_level_only=True):
            if not module.startswith("itnio_core"):
                continue
            if edge == "area":
                other = area_of(module)
                if other and other != node:
                    targets.add(other)
            else:
                found = [f"{module}.{n}" for n in names if (ROOT / module.replace(".", "/")
                         / f"{n}.py").exists()]  # fmt: skip
                targets.update(found or [module])
    return edges


def cycle_in(edges: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        state[node] = 2
        path.pop()
        return None

    for start in sorted(edges):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_areas_depend_on_each_other_without_a_cycle() -> None:
    assert cycle_in(graph("area")) is None


def test_no_module_imports_itself_round_a_cycle() -> None:
    edges = graph("module")
    # A package's __init__ importing its own modules is not a cycle of meaning.
    for node, targets in edges.items():
        edges[node] = {t for t in targets if not node.startswith(t + ".") and t != node}
    assert cycle_in(edges) is None


# Each shared rule and where it is written; any other definition is a copy.
ONE_DEFINITION = [
    (r"^\s*def (_?aware|_?now|utc_now)\(", "itnio_core/common/times.py"),
    (r"ZoneInfo\(", "itnio_core/common/times.py"),
    (r"datetime\.now\(UTC\)", "itnio_core/common/times.py"),
    (r"replace\(tzinfo=UTC\)", "itnio_core/common/times.py"),
    (r"range\(0, len\(", "itnio_core/common/chunking.py"),
    (r"^\s*def mask(_number)?\(", "itnio_core/common/masking.py"),
    (r"^\s*def check_sender_id\(", "itnio_core/common/limits.py"),
    (r"^[A-Z_]*SENDER_ID[A-Z_]*\s*[:=]", "itnio_core/common/limits.py"),
    (r"class \w+\(requests\.Session\)", "itnio_core/api/transport.py"),
]


@pytest.mark.parametrize(("pattern", "home"), ONE_DEFINITION)
def test_each_shared_rule_is_written_once(pattern: str, home: str) -> None:
    places = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in [*python_files(CORE, ROOT / "views"), ROOT / "app.py"]
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(pattern, line) and not str(path.relative_to(ROOT)).startswith(home)
        and "sandbox" not in path.parts  # the simulator is the platform, not the console
    ]  # fmt: skip
    assert not places, f"also defined outside {home}: {places}"
