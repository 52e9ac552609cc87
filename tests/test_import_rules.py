"""The layers, held by a test: which package may import which.

Every ``import app…`` and ``from app… import`` in ``app/`` is read with ``ast`` (those
inside functions too, so a lazy import cannot slip past), and each edge is checked
against :data:`ALLOWED`. The checker itself is shown to fail on a synthetic graph with a
forbidden edge, so this test can fail.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app"

# The ground floor: leaf helpers every layer may use, which use nothing above them.
GROUND = frozenset({"app", "errors", "sanitize", "fsutil", "platform"})

# Layer -> the layers it may import (itself and the ground floor always).
ALLOWED: Mapping[str, frozenset[str]] = {
    "crypto": frozenset(),
    "formats": frozenset({"crypto"}),
    # Phone bundles verified offline, pure: below the vault, beside the package format.
    "phone": frozenset({"crypto"}),
    "storage": frozenset({"crypto"}),
    "core": frozenset({"crypto", "formats", "storage", "phone"}),
    "sync": frozenset({"crypto", "formats", "storage", "core"}),
    "services": frozenset({"crypto", "formats", "storage", "core", "sync", "phone"}),
    # The platform's server verifies packages without the documenter's vault or records.
    "intake": frozenset({"crypto", "formats"}),
    # The front ends stand on services; neither reaches into storage or the other.
    "cli": frozenset({"crypto", "formats", "core", "sync", "services", "selftest", "phone"}),
    "gui": frozenset({"crypto", "formats", "core", "sync", "services", "phone"}),
    "selftest": frozenset({"crypto", "formats", "core", "services", "gui", "phone"}),
    "__main__": frozenset({"cli", "gui"}),
}


def layer_of(module: str) -> str:
    parts = module.split(".")
    return "app" if len(parts) == 1 else parts[1]


def module_graph(root: Path = APP) -> dict[str, set[str]]:
    """module -> the app modules it imports, for every module under ``root``."""
    graph: dict[str, set[str]] = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        module = ".".join(parts).removesuffix(".__init__")
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(a.name for a in node.names if a.name.split(".")[0] == "app")
            elif (
                isinstance(node, ast.ImportFrom)
                and node.level == 0
                and node.module
                and node.module.split(".")[0] == "app"
            ):
                targets.add(node.module)
                # "from app import x" names a submodule x when there is one.
                if node.module == "app":
                    targets.update(
                        f"app.{a.name}"
                        for a in node.names
                        if (root / f"{a.name}.py").exists() or (root / a.name).is_dir()
                    )
        graph[module] = targets
    return graph


def violations(graph: Mapping[str, Iterable[str]]) -> list[str]:
    found = []
    for module, targets in sorted(graph.items()):
        source = layer_of(module)
        for target in sorted(targets):
            wanted = layer_of(target)
            if wanted in GROUND or wanted == source:
                continue
            if source in GROUND:
                found.append(f"{module} -> {target} (the ground floor imports nothing above)")
            elif wanted not in ALLOWED.get(source, frozenset()):
                found.append(f"{module} -> {target} ({source} may not import {wanted})")
    return found


def test_every_import_follows_the_layers() -> None:
    graph = module_graph()
    assert "app.services.session" in graph and "app.formats.package.verify" in graph
    assert violations(graph) == []


def test_every_layer_is_known() -> None:
    layers = {layer_of(module) for module in module_graph()}
    assert layers <= set(ALLOWED) | GROUND


def test_the_checker_catches_forbidden_edges() -> None:
    synthetic = {
        "app.crypto.keyslots": {"app.storage.fsutil_like"},  # crypto reaching up
        "app.storage.vault": {"app.core.custody"},  # storage writing domain events
        "app.core.records": {"app.sync.outbox"},
        "app.intake.verification": {"app.core.records"},  # the platform loading records
        "app.cli.records_commands": {"app.storage.vault"},  # a front end below services
        "app.errors": {"app.core.ids"},  # the ground floor reaching up
        "app.services.session": {"app.storage.vault", "app.errors"},  # allowed
    }
    assert violations(synthetic) == [
        "app.cli.records_commands -> app.storage.vault (cli may not import storage)",
        "app.core.records -> app.sync.outbox (core may not import sync)",
        "app.crypto.keyslots -> app.storage.fsutil_like (crypto may not import storage)",
        "app.errors -> app.core.ids (the ground floor imports nothing above)",
        "app.intake.verification -> app.core.records (intake may not import core)",
        "app.storage.vault -> app.core.custody (storage may not import core)",
    ]


def test_a_forbidden_import_in_a_real_file_is_found(tmp_path: Path) -> None:
    package = tmp_path / "app" / "storage"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sneaky.py").write_text(
        "def later():\n    from app.core import custody\n    return custody\n"
    )
    assert violations(module_graph(tmp_path / "app")) == [
        "app.storage.sneaky -> app.core (storage may not import core)"
    ]
