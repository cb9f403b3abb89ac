"""Regenerate the .docx templates in templates/ from tools/templates/<kind>.py.

Run from the repository root: ``python -m tools.build_templates [NAME ...]``. Every template a
document kind declares (:func:`docgen.documents.all_kinds`) has a builder module
``tools/templates/<name>.py`` with ``build() -> docx.document.Document``; the file is saved
with fixed zip timestamps and properties so that an unchanged builder gives an unchanged
template. A test checks that the committed templates match their builders.
"""

from __future__ import annotations

import importlib
import io
import sys
from datetime import UTC, datetime
from pathlib import Path

from docgen.documents import all_kinds
from docgen.ooxml.namespaces import restore_core_properties_prefix
from docgen.ooxml.zip import normalize_zip

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
FIXED = datetime(2017, 1, 1, tzinfo=UTC)
# Templates no document kind declares: the city's 彙編, written by ``docgen compile``.
EXTRA_TEMPLATES = ("compile",)


def template_names() -> list[str]:
    """Return the name of every .docx template (the kinds' ones, then the extra), in build order."""
    names = [name for kind in all_kinds() if kind.format == "docx" for name in kind.template_names]
    return names + [name for name in EXTRA_TEMPLATES if name not in names]


def template_bytes(name: str) -> bytes:
    """Return the template ``name`` as its builder makes it."""
    restore_core_properties_prefix()
    module = importlib.import_module(f"tools.templates.{name}")
    document = module.build()
    properties = document.core_properties
    naive = FIXED.replace(tzinfo=None)
    properties.created = properties.modified = properties.last_printed = naive
    properties.author = properties.last_modified_by = "docgen"
    properties.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return normalize_zip(buffer.getvalue(), FIXED)


def main(names: list[str]) -> None:
    """Write templates/<name>.docx for each template named (all when none given)."""
    for name in names or template_names():
        target = TEMPLATES / f"{name}.docx"
        target.write_bytes(template_bytes(name))
        print(f"wrote {target}")


if __name__ == "__main__":
    main(sys.argv[1:])
