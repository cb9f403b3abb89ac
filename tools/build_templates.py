"""Regenerate the .docx templates in templates/ from tools/templates/<kind>.py.

Run from the repository root: ``python -m tools.build_templates [KIND ...]``. Each builder module
has ``build() -> docx.document.Document``; the file is saved with fixed zip timestamps and
properties so that an unchanged builder gives an unchanged template. A test checks that the
committed templates match their builders.
"""

from __future__ import annotations

import importlib
import io
import sys
from datetime import UTC, datetime
from pathlib import Path

from docgen.render import normalize_zip

KINDS = ("draft", "pack", "forms", "signin", "minutes")
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
FIXED = datetime(2017, 1, 1, tzinfo=UTC)


def template_bytes(kind: str) -> bytes:
    """Return the template for ``kind`` as its builder makes it."""
    module = importlib.import_module(f"tools.templates.{kind}")
    document = module.build()
    properties = document.core_properties
    naive = FIXED.replace(tzinfo=None)
    properties.created = properties.modified = properties.last_printed = naive
    properties.author = properties.last_modified_by = "docgen"
    properties.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return normalize_zip(buffer.getvalue(), FIXED)


def main(kinds: list[str]) -> None:
    """Write templates/<kind>.docx for each kind (all when none given)."""
    for kind in kinds or KINDS:
        target = TEMPLATES / f"{kind}.docx"
        target.write_bytes(template_bytes(kind))
        print(f"wrote {target}")


if __name__ == "__main__":
    main(sys.argv[1:])
