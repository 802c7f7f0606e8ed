"""Dependencies point down: nothing outside ui/ and app.py imports Qt (STYLE.md)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import ciip_desktop

PACKAGE = Path(ciip_desktop.__file__).parent
QT_ALLOWED = {PACKAGE / "app.py"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_no_module_below_the_ui_imports_qt() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if (PACKAGE / "ui") in path.parents or path in QT_ALLOWED:
            continue
        if _imports(path) & {"PySide6", "shiboken6"}:
            offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


def test_services_and_cli_run_without_loading_qt() -> None:
    code = (
        "import sys, ciip_desktop.cli, ciip_desktop.services.bundle, ciip_desktop.services.demo;"
        "print(any(m.startswith('PySide6') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_lower_layers_never_import_upper_ones() -> None:
    order = ["models", "store", "sync", "documents", "services", "cli", "ui"]
    for i, layer in enumerate(order):
        forbidden = {f"ciip_desktop.{upper}" for upper in order[i + 1 :]} | {"ciip_desktop.app"}
        if layer in ("sync", "documents"):
            forbidden -= {"ciip_desktop.documents", "ciip_desktop.sync"}
        for path in (PACKAGE / layer).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module:
                    assert not any(
                        node.module == f or node.module.startswith(f + ".") for f in forbidden
                    ), f"{path.relative_to(PACKAGE)} imports {node.module}"
