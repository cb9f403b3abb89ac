"""Where a kind's template is found: the staff's own folder first, else the bundled one."""

from __future__ import annotations

from pathlib import Path

from docgen.files.paths import templates_dir
from docgen.problems import InputError


def template_path(kind: str, directory: Path | None = None, suffix: str = ".docx") -> Path:
    """Return the template for ``kind``: the staff's from ``directory`` when it has one, else ours.

    A folder of the staff's own templates need not hold every kind: a missing one falls back to
    the bundled template.
    """
    if directory is not None and (directory / f"{kind}{suffix}").is_file():
        return directory / f"{kind}{suffix}"
    path = templates_dir() / f"{kind}{suffix}"
    if not path.is_file():
        raise InputError(f"找不到範本檔「{path}」", where=kind)
    return path
