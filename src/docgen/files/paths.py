"""Where docgen finds its inputs, its templates and its bundled example."""

from __future__ import annotations

from pathlib import Path

WORKBOOK_NAME = "廉政細工專案.xlsx"
DEFAULT_INPUT = Path("inputs") / WORKBOOK_NAME
DEFAULT_ODS_INPUT = DEFAULT_INPUT.with_suffix(".ods")
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

    With no ``-i``: ``inputs/廉政細工專案.xlsx`` when it exists, else ``inputs/廉政細工專案.ods``
    (an ODF workbook saved by LibreOffice Calc), else the bundled example. When both workbooks
    exist the note says that the .xlsx is read.
    """
    if option is not None:
        return option, None
    local, note = default_workbook(cwd)
    if local is not None:
        return local, note
    note = (
        f"找不到 {DEFAULT_INPUT}（或 {DEFAULT_ODS_INPUT.name}），改用內建範例工作簿"
        "（執行 docgen init 可建立空白工作簿）"
    )
    return example_workbook(), note


def default_workbook(cwd: Path | None = None) -> tuple[Path | None, str | None]:
    """Return the user's own workbook under ``inputs/`` (None if neither exists) and a note.

    ``inputs/廉政細工專案.xlsx`` comes first; ``inputs/廉政細工專案.ods`` is used when it is the
    only one. With both, the note names the one read.
    """
    folder = cwd or Path.cwd()
    xlsx, ods = folder / DEFAULT_INPUT, folder / DEFAULT_ODS_INPUT
    if xlsx.exists():
        if ods.exists():
            return xlsx, (
                f"{DEFAULT_INPUT.parent}/ 中同時有 {xlsx.name} 與 {ods.name}，"
                f"使用 {xlsx.name}（要改用 .ods 請以 -i 指定，或刪除其一）"
            )
        return xlsx, None
    if ods.exists():
        return ods, None
    return None, None
