"""Finds page text that is not translated: ``python tests/i18n/i18n_check.py [files]``.

Rules, for ``app.py`` and every ``views/**/*.py``:
- a string literal that reads as English words (has a space and letters, or is
  a capitalised word like ``Status``) must be the first argument of ``tr(...)``
  or ``N_(...)`` (``N_`` marks text translated later, e.g. in a table of
  labels); docstrings, logging calls and lines ending ``# i18n: ignore`` are
  exempt;
- the first argument of ``tr``/``N_`` must be a literal (not an f-string), so
  the catalog can be checked;
- every such literal has a Chinese text in ``itnio_core/i18n/locales/zh_*.py``.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from itnio_core.i18n import translate as i18n  # noqa: E402

MARKERS = {"tr", "N_"}
LOG_NAMES = {"log", "logger", "logging"}
_WORDS = re.compile(r"[A-Za-z]{2,}")
_CAPITALISED = re.compile(r"^[A-Z][a-z]+")


def page_files() -> list[Path]:
    return [ROOT / "app.py", *sorted((ROOT / "views").rglob("*.py"))]


def reads_as_english(text: str) -> bool:
    stripped = text.strip()
    if not _WORDS.search(stripped) or stripped.startswith(":material/"):
        return False
    return " " in stripped or bool(_CAPITALISED.match(stripped))


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _is_log_call(node: ast.Call) -> bool:
    func = node.func
    return (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id in LOG_NAMES
    )


def _docstrings(tree: ast.Module) -> set[int]:
    """Docstrings, and module constants named ``*_EXAMPLE`` (code shown verbatim)."""
    ids: set[int] = set()
    for stmt in tree.body:
        if (
            isinstance(stmt, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id.endswith("_EXAMPLE") for t in stmt.targets)
            and isinstance(stmt.value, ast.Constant)
        ):
            ids.add(id(stmt.value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def check_file(path: Path) -> tuple[list[str], set[str]]:
    """(problems as ``file:line: text``, literals passed to tr/N_)."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    exempt = _docstrings(tree)
    marked: set[str] = set()
    problems: list[str] = []
    name = path.relative_to(ROOT)

    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        if _is_log_call(node) or _call_name(node) in {"getLogger", "exception"}:
            exempt.update(id(n) for n in ast.walk(node))
        if _call_name(node) in MARKERS and isinstance(node.func, ast.Name):
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                marked.add(first.value)
                exempt.add(id(first))
            else:
                problems.append(
                    f"{name}:{node.lineno}: {_call_name(node)}() needs a literal string first"
                )
                if first is not None:
                    exempt.update(id(n) for n in ast.walk(first))
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            exempt.update(id(v) for v in node.values)
            parts = "".join(
                v.value
                for v in node.values
                if isinstance(v, ast.Constant) and isinstance(v.value, str)
            )
            ignored = lines[node.lineno - 1].rstrip().endswith("# i18n: ignore")
            if id(node) not in exempt and not ignored and reads_as_english(parts + " x"):
                problems.append(f"{name}:{node.lineno}: f-string {parts!r}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) in exempt or not reads_as_english(node.value):
                continue
            if lines[node.lineno - 1].rstrip().endswith("# i18n: ignore"):
                continue
            problems.append(f"{name}:{node.lineno}: {node.value!r}")
    return problems, marked


def untranslated(texts: set[str]) -> list[str]:
    catalog = i18n.chinese()
    return sorted(t for t in texts if t not in catalog)


def main(argv: list[str]) -> int:
    files = [Path(a).resolve() for a in argv] or page_files()
    failures = 0
    for path in files:
        problems, marked = check_file(path)
        missing = untranslated(marked)
        for problem in problems:
            print(problem)
        for text in missing:
            print(f"{path.relative_to(ROOT)}: no Chinese for {text!r}")
        failures += len(problems) + len(missing)
    print(f"{failures} problem(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
