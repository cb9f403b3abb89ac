"""The package's shape: imports only run down the layers, and starting the CLI stays cheap."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import docgen

PACKAGE = Path(docgen.__file__).parent

# Lower layers first: a module may import from its own layer and the layers before it.
LAYERS = (
    ("problems",),
    ("model",),
    ("workbook", "files", "ooxml", "render", "office", "mail"),
    ("public",),
    ("documents",),
    ("collect", "compile"),
    ("build",),
    ("cli", "__main__"),
)
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}


def layer_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def imports_of(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
    return [name for name in found if name.startswith("docgen.")]


def modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        found.append((".".join(relative.parts), path))
    return found


def test_every_module_is_in_a_layer():
    unplaced = {layer_of(name) for name, _ in modules()} - set(RANK) - {"__init__"}
    assert not unplaced


@pytest.mark.parametrize("module, path", modules(), ids=[name for name, _ in modules()])
def test_no_import_runs_back_up_a_layer(module, path):
    own = RANK.get(layer_of(module), -1)
    upward = [name for name in imports_of(path) if RANK.get(layer_of(name), -1) > own and own >= 0]
    assert not upward, f"{module} imports from a higher layer: {upward}"


def test_docgen_help_loads_neither_the_model_nor_any_renderer_or_reader():
    """Every kind module is imported to list the commands: they must stay cheap to import."""
    probe = (
        "import sys; import docgen.cli.main; "
        "heavy = ('jinja2', 'docx', 'docxtpl', 'openpyxl', 'lxml', 'docgen.model.project'); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m in heavy))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("module, path", modules(), ids=[name for name, _ in modules()])
def test_no_document_kind_imports_another(module, path):
    """What kinds share lives in documents/common.py or chapters.py, not in another kind."""
    if not module.startswith("docgen.documents.kinds."):
        return
    others = [
        name
        for name in imports_of(path)
        if name.startswith("docgen.documents.kinds.") and name != module
    ]
    assert not others, f"{module} imports another kind: {others}"
