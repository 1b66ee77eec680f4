"""No module of app/ uses another module's underscore names: what is shared is made public."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"


def _module_of(path: Path) -> str:
    parts = path.relative_to(APP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(name: str) -> bool:
    base = APP.parent.joinpath(*name.split("."))
    return base.with_suffix(".py").exists() or (base / "__init__.py").exists()


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _absolute(node: ast.ImportFrom, here: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = here.split(".")
    base = base[: len(base) - node.level + (1 if is_package else 0)]
    return ".".join([*base, *([node.module] if node.module else [])])


def _uses(text: str, here: str, is_package: bool = False) -> Iterator[str]:
    """`from app.x import _y`, and `x._y` where x names another module of app/, in the
    source text of module `here`: "line module.name" of each."""
    tree = ast.parse(text)
    modules: dict[str, str] = {}  # local name -> module of app/
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = _absolute(node, here, is_package)
            if not source.startswith("app"):
                continue
            for alias in node.names:
                if _private(alias.name) and source != here:
                    yield f"{node.lineno} {source}.{alias.name}"
                if _is_module(f"{source}.{alias.name}"):
                    modules[alias.asname or alias.name] = f"{source}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("app") and alias.asname:
                    modules[alias.asname] = alias.name
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and _private(node.attr)
                and isinstance(node.value, ast.Name) and node.value.id in modules
                and modules[node.value.id] != here):  # fmt: skip
            yield f"{node.lineno} {modules[node.value.id]}.{node.attr}"


def _found_in(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    where = path.relative_to(APP.parent)
    return [f"{where}:{use}" for use in _uses(text, _module_of(path), path.name == "__init__.py")]


def test_no_module_uses_another_modules_private_names():
    found = [use for path in sorted(APP.rglob("*.py")) for use in _found_in(path)]
    assert found == []


def test_the_scan_sees_both_spellings():
    """The check itself: an imported underscore name and one reached through its module;
    a module's own names and dunders are its own business."""
    sample = (
        "from app.services.filing.incoming import _load, __all__\n"
        "from app.services.duty import staff\n"
        "from . import _mine\n"
        "staff._row(None)\n"
    )
    found = [use.split(" ")[1] for use in _uses(sample, "app.services.duty.roster")]
    assert found == ["app.services.filing.incoming._load", "app.services.duty._mine",
                     "app.services.duty.staff._row"]  # fmt: skip
