"""Where docgen finds its inputs, its templates and its bundled example."""

from __future__ import annotations

from pathlib import Path

WORKBOOK_NAME = "廉政細工專案.xlsx"
DEFAULT_INPUT = Path("inputs") / WORKBOOK_NAME
DEFAULT_OUTPUT = Path("outputs")
EXAMPLE_NAME = "廉政細工專案_範例.xlsx"


def package_dir() -> Path:
    """Return the installed package's directory."""
    from importlib import resources

    return Path(str(resources.files("docgen")))


def example_workbook() -> Path:
    """Return the bundled example workbook shipped inside the package."""
    return package_dir() / "data" / EXAMPLE_NAME


def templates_dir() -> Path:
    """Return the folder of the bundled .docx templates.

    An installed wheel carries them as ``docgen/templates``; a source checkout (editable
    install) keeps them in the top-level ``templates/`` folder.
    """
    packaged = package_dir() / "templates"
    if packaged.is_dir():
        return packaged
    return package_dir().parent.parent / "templates"


def resolve_input(option: Path | None, cwd: Path | None = None) -> tuple[Path, str | None]:
    """Return the workbook to read and, when it is the bundled example, a one-line note.

    With no ``-i``: ``inputs/廉政細工專案.xlsx`` when it exists, else the bundled example.
    """
    if option is not None:
        return option, None
    local = (cwd or Path.cwd()) / DEFAULT_INPUT
    if local.exists():
        return local, None
    note = f"找不到 {DEFAULT_INPUT}，改用內建範例工作簿（執行 docgen init 可建立空白工作簿）"
    return example_workbook(), note
