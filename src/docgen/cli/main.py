"""The ``docgen`` command: one small function per command, all messages in zh-TW.

Commands parse options, call one library function and turn :class:`DocgenError` into lines on
standard error and an exit code: 0 done, 1 the input or the stage stops the run, 2 bad usage,
130 interrupted, 70 an unexpected fault (its traceback only with DOCGEN_DEBUG=1).
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import click

from docgen import __version__
from docgen.cli import i18n as cli_i18n
from docgen.cli.sending import deliver, send_options
from docgen.documents import Kind, all_kinds
from docgen.files.paths import DEFAULT_OUTPUT
from docgen.problems import DocgenError, Problem

EXIT_INPUT = 1
EXIT_INTERRUPTED = 130
EXIT_FAULT = 70
SENDS_MAIL = ("submit",)  # kinds whose command can send the e-mail draft it writes
MAILED_FORMATS = ("pdf", "odt")  # what that e-mail attaches beside each Word document
LISTED_FILES = 10  # a kind that writes more files is reported as one line with its folder

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def main() -> None:
    """Run the command line (the ``docgen`` entry point)."""
    cli_i18n.install()
    cli(prog_name="docgen")


@click.group(cls=cli_i18n.Group, context_settings=CONTEXT)
@click.version_option(
    __version__,
    "-V",
    "--version",
    prog_name="docgen",
    help="顯示版本後結束。",
    message="%(prog)s 版本 %(version)s",
)
def cli() -> None:
    """docgen：廉政細工專案文件產製工具。

    \b
    由一份 Excel 工作簿產出會議資料初稿、修正意見表、會議資料、開會通知單、簽到表、會議紀錄，
    以及清廉共同監督專區刊登資料與陳報市府政風處資料；市府可用 compile 彙編各機關資料。
    一般流程：
      docgen init            建立空白工作簿 inputs/廉政細工專案.xlsx
      docgen check           檢查工作簿內容
      docgen build           產出目前階段可產出的全部文件
    未指定 -i 時，使用 inputs/廉政細工專案.xlsx（或 .ods）；若不存在則使用內建範例。
    """


def guarded(function: Callable[..., None]) -> Callable[..., None]:
    """Turn docgen's errors into messages and exit codes; never show a traceback."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            function(*args, **kwargs)
        except DocgenError as error:
            report_error(error)
        except OSError as error:  # a file the user named, a full disk, a read-only folder
            report_error(from_os_error(error))
        except KeyboardInterrupt:
            click.echo("已中止；未完成的檔案不會留下。", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except Exception as error:  # the last line of defence: a clear message, no traceback
            if os.environ.get("DOCGEN_DEBUG"):
                import traceback

                traceback.print_exc()
            click.echo(
                f"發生未預期的錯誤（{type(error).__name__}：{error}）；未寫入任何檔案。\n"
                "請將此訊息與工作簿提供給系統管理者；設定 DOCGEN_DEBUG=1 可顯示詳細資訊。",
                err=True,
            )
            sys.exit(EXIT_FAULT)

    return wrapper


def report_error(error: DocgenError) -> None:
    """Print the error's problems and what was (not) written, then exit 1."""
    print_problems(error.problems)
    errors = sum(1 for p in error.problems if p.is_error)
    warnings = len(error.problems) - errors
    summary = f"共 {errors} 個錯誤" + (f"、{warnings} 個警告" if warnings else "")
    if error.written:
        done = "、".join(str(path) for path in error.written)
        click.echo(f"{summary}；已寫入的檔案：{done}；其餘檔案保持原狀。", err=True)
    else:
        click.echo(f"{summary}；未寫入任何檔案。", err=True)
    sys.exit(EXIT_INPUT)


def from_os_error(error: OSError) -> DocgenError:
    """Return a file-system failure as a user error naming the file and the cause."""
    from docgen.files.atomic import os_reason

    name = error.filename
    path = Path(name) if isinstance(name, str) else None
    where = str(path) if path is not None else ""
    return DocgenError(f"無法處理檔案：{os_reason(error, path)}", where=where)


def print_problems(problems: Iterable[Problem]) -> None:
    """Print each problem on its own line on standard error, errors marked as such."""
    for problem in problems:
        click.echo(f"{problem.severity.value}：{problem}", err=True)


def input_option(function: Callable[..., None]) -> Callable[..., None]:
    """Add ``-i WORKBOOK``."""
    return click.option(
        "-i",
        "--input",
        "workbook",
        type=click.Path(path_type=Path, dir_okay=False),
        default=None,
        metavar="工作簿",
        help="輸入的工作簿：Excel（.xlsx）或 LibreOffice Calc（.ods）"
        "（預設 inputs/廉政細工專案.xlsx，或 inputs/廉政細工專案.ods，都不存在時用內建範例）。",
    )(function)


def output_option(function: Callable[..., None]) -> Callable[..., None]:
    """Add ``-o OUTDIR``."""
    return click.option(
        "-o",
        "--output",
        "out_dir",
        type=click.Path(path_type=Path, file_okay=False),
        default=DEFAULT_OUTPUT,
        metavar="資料夾",
        show_default=True,
        help="輸出資料夾。",
    )(function)


def templates_option(function: Callable[..., None]) -> Callable[..., None]:
    """Add ``-t TEMPLATES``: a folder of the staff's own Word templates."""
    return click.option(
        "-t",
        "--templates",
        type=click.Path(path_type=Path, file_okay=False, exists=True),
        default=None,
        metavar="資料夾",
        help="改用此資料夾中自行修改的 Word 範本（檔名同內建範本，如 draft.docx；"
        "資料夾中沒有的範本仍用內建範本）。",
    )(function)


def conversion_options(function: Callable[..., None]) -> Callable[..., None]:
    """Add ``--pdf`` and ``--odt``: convert the Word documents written, with LibreOffice."""
    later = "需要 LibreOffice；無法轉換時 Word 文件仍會寫入，並以結束碼 1 結束。"
    function = click.option(
        "--odt", is_flag=True, help=f"另存一份 ODF 文字文件（.odt），置於 .docx 旁；{later}"
    )(function)
    return click.option(
        "--pdf",
        is_flag=True,
        help=f"另存一份可列印的 PDF（內嵌字型、含文字層），置於 .docx 旁；{later}",
    )(function)


def formats_of(pdf: bool, odt: bool) -> tuple[str, ...]:
    """Return the formats asked for with ``--pdf`` and ``--odt``."""
    return tuple(name for name, wanted in (("pdf", pdf), ("odt", odt)) if wanted)


def convert_written(written: Iterable[Path], formats: tuple[str, ...]) -> None:
    """Convert the .docx files just written to ``formats`` in one LibreOffice and report them.

    A .docx whose outputs were written with it (a kind converted it already) is left alone.
    When LibreOffice cannot (missing, a file failed), say so and exit 1: the .docx stay written.
    """
    from docgen.office.batch import FORMATS, convert_all
    from docgen.office.errors import OfficeError

    done = list(written)
    documents = [
        path
        for path in done
        if path.suffix.lower() == ".docx"
        and not all(path.with_suffix(f".{name}") in done for name in formats)
    ]
    labels = "、".join(FORMATS[name].label for name in formats)
    if not documents:
        click.echo(f"本次沒有寫出 Word 文件，未轉成 {labels}。")
        return
    try:
        made = convert_all(documents, formats)
    except OfficeError as error:
        print_problems(error.problems)
        done = f"；已轉換的檔案：{'、'.join(map(str, error.written))}" if error.written else ""
        click.echo(f"Word 文件已寫入，但未能全部轉成 {labels}{done}。", err=True)
        sys.exit(EXIT_INPUT)
    for name in formats:
        paths = [path for path in made if path.suffix == f".{name}"]
        if len(paths) > LISTED_FILES:
            click.echo(f"已轉成 {FORMATS[name].label}：{len(paths)} 個檔案，置於各 .docx 旁")
        else:
            for path in paths:
                click.echo(f"已轉成 {FORMATS[name].label}：{path}")


def load(workbook: Path | None) -> Any:
    """Resolve, read and validate the workbook; print its warnings and return the project."""
    from docgen.files.paths import resolve_input
    from docgen.workbook.loader import load_project

    path, note = resolve_input(workbook)
    if note:
        click.echo(note, err=True)
    result = load_project(path)
    print_problems(result.problems)
    return result.project


@cli.command(context_settings=CONTEXT)
@click.argument(
    "directory",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("."),
    metavar="[資料夾]",
)
@click.option("--example", is_flag=True, help="寫入完整的內建範例，而非空白工作簿。")
@guarded
def init(directory: Path, example: bool) -> None:
    """在資料夾（預設為目前資料夾）建立 inputs/廉政細工專案.xlsx（不會覆寫既有檔案）。"""
    from docgen.files.paths import DEFAULT_INPUT
    from docgen.workbook.example import example_content, starter_examples
    from docgen.workbook.writer import NO_CONTENT, write_workbook

    target = directory / DEFAULT_INPUT
    if example:
        write_workbook(target, example_content())
    else:
        write_workbook(target, NO_CONTENT, examples=starter_examples())
    kind = "範例" if example else "空白"
    click.echo(f"已建立{kind}工作簿：{target}")
    if not example:
        click.echo("各表灰色的第2列與「專案設定」的「填寫範例」欄是寫法範例，不會讀取。")
    click.echo("請依「說明」工作表填寫後，執行 docgen check 檢查、docgen build 產出文件。")


@cli.command(context_settings=CONTEXT)
@input_option
@guarded
def check(workbook: Path | None) -> None:
    """檢查工作簿，一次列出所有問題；有錯誤時以非零值結束。"""
    project = load(workbook)
    discussed = len(project.discussed_cases)
    click.echo(
        f"檢查通過：{len(project.units)} 個單位、{len(project.cases)} 個案例"
        f"（{discussed} 個列入討論）、{len(project.risks)} 項風險、"
        f"{len(project.measures)} 項防制措施、{len(project.opinions)} 則修正意見。"
    )
    print_readiness(project)


def print_readiness(project: Any) -> None:
    """Print, stage by stage, which documents can be made now and what blocks the others."""
    from docgen.build import readiness
    from docgen.documents import Options, Stage

    click.echo("各階段文件：")
    stage = None
    stages = list(Stage)
    found = sorted(readiness(project, Options()), key=lambda item: stages.index(item.kind.stage))
    for item in found:
        if item.kind.stage is not stage:
            stage = item.kind.stage
            click.echo(f"［{stage.value}］")
        command = f"docgen {item.kind.key}"
        if item.ready:
            click.echo(f"  可產出　{item.kind.title}（{command}）")
        elif item.reason:
            click.echo(f"  不產出　{item.kind.title}：{item.reason}")
        else:
            errors = sum(1 for p in item.problems if p.is_error)
            click.echo(f"  不產出　{item.kind.title}：有 {errors} 處須先處理")
        for problem in item.problems:
            click.echo(f"    {problem.severity.value}：{problem}")


@cli.command(context_settings=CONTEXT)
@input_option
@output_option
@templates_option
@click.option(
    "--force",
    is_flag=True,
    help="會議資料未核定時仍產出並於每頁標示「未核定」；已核定時仍產出修正意見表。",
)
@conversion_options
@guarded
def build(
    workbook: Path | None,
    out_dir: Path,
    templates: Path | None,
    force: bool,
    pdf: bool = False,
    odt: bool = False,
) -> None:
    """產出目前階段可產出的全部文件，並說明略過的文件及原因。"""
    formats = formats_of(pdf, odt)
    run_build(workbook, out_dir, templates, force, keys=None, formats=formats, companions=formats)


def run_build(
    workbook: Path | None,
    out_dir: Path,
    templates: Path | None,
    force: bool,
    keys: list[str] | None,
    formats: tuple[str, ...] = (),
    companions: tuple[str, ...] = (),
    eml: bool = False,
) -> Any:
    """Validate, build the requested kinds, report each file written or skipped; Return it.

    With ``formats`` (``--pdf``, ``--odt``), the .docx written are then converted in one batch
    (those a kind already converted for its e-mail, ``companions``, are not converted again).
    """
    from docgen.build import build as build_documents
    from docgen.documents import Options

    project = load(workbook)
    options = Options(force=force, templates=templates, companions=companions, eml=eml)
    report = build_documents(project, out_dir, options, keys, strict=keys is not None)
    print_problems(report.warnings)
    for kind, paths in _by_kind(report.written):
        if len(paths) > LISTED_FILES:
            folder = Path(os.path.commonpath(paths))
            click.echo(f"已產出 {kind.title}：{folder}（{len(paths)} 個檔案）")
        else:
            for path in paths:
                click.echo(f"已產出 {kind.title}：{path}")
    for kind, reason in report.skipped:
        click.echo(f"略過 {kind.title}：{reason}")
    for note in report.notes:
        click.echo(note)
    if not report.written and not report.skipped:
        click.echo("驗證通過；目前沒有可產出的文件類型。")
    if formats:
        convert_written([path for _, path in report.written], formats)
    return report


def _by_kind(written: Iterable[tuple[Kind, Path]]) -> list[tuple[Kind, list[Path]]]:
    """Return the written files grouped by kind, in the order they were written."""
    groups: dict[str, tuple[Kind, list[Path]]] = {}
    for kind, path in written:
        groups.setdefault(kind.key, (kind, []))[1].append(path)
    return list(groups.values())


def document_command(kind: Kind) -> None:
    """Register ``docgen KEY`` building one document kind, with the shared options."""

    def command(
        workbook: Path | None,
        out_dir: Path,
        templates: Path | None,
        force: bool = False,
        pdf: bool = False,
        odt: bool = False,
        eml: bool = False,
        **mail: Any,
    ) -> None:
        formats = formats_of(pdf, odt)
        companions = formats
        if kind.key in SENDS_MAIL and not mail.pop("word_only", False):
            companions = MAILED_FORMATS
        report = run_build(
            workbook, out_dir, templates, force, [kind.key], formats, companions, eml=eml
        )
        deliver([path for _, path in report.written], mail)

    command.__doc__ = kind.help
    decorated: Callable[..., None] = conversion_options(guarded(command))
    if kind.key in SENDS_MAIL:
        decorated = send_options(decorated)
    if kind.force_help:
        decorated = click.option("--force", is_flag=True, help=kind.force_help)(decorated)
    if kind.eml_help:
        decorated = click.option("--eml", is_flag=True, help=kind.eml_help)(decorated)
    decorated = templates_option(decorated)
    decorated = output_option(input_option(decorated))
    cli.command(
        name=kind.key, context_settings=CONTEXT, help=kind.help, short_help=kind.short_help
    )(decorated)


for _kind in all_kinds():
    document_command(_kind)


@cli.command(context_settings=CONTEXT)
@click.argument(
    "sources",
    nargs=-1,
    required=True,
    type=click.Path(path_type=Path, exists=True),
    metavar="修正意見表或資料夾...",
)
@input_option
@guarded
def collect(sources: tuple[Path, ...], workbook: Path | None) -> None:
    """讀回各單位填寫的修正意見表，寫入工作簿的「修正意見」工作表（寫入前自動備份）。

    只寫回 .xlsx 工作簿；.ods 工作簿請先在 LibreOffice Calc 另存為 .xlsx。
    """
    from docgen.collect import collect_forms
    from docgen.files.paths import DEFAULT_INPUT, default_workbook

    path, note = (workbook, None) if workbook is not None else default_workbook()
    if path is None:
        raise DocgenError(f"找不到 {DEFAULT_INPUT}；collect 需要寫回您的工作簿，請以 -i 指定工作簿")
    if note:
        click.echo(note, err=True)
    report = collect_forms(path, list(sources))
    print_problems(report.problems)
    for line in report.lines():
        click.echo(line)
    if report.skipped:
        sys.exit(EXIT_INPUT)


@cli.command(name="compile", context_settings=CONTEXT)
@click.argument(
    "sources",
    nargs=-1,
    required=True,
    type=click.Path(path_type=Path, exists=True),
    metavar="陳報資料或資料夾...",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    metavar="檔案或資料夾",
    help="彙編的檔名（.docx）或存放的資料夾"
    "（預設 outputs/，檔名為 廉政細工防貪策略彙編_<年度>.docx）。",
)
@conversion_options
@guarded
def compile_command(
    sources: tuple[Path, ...], output: Path | None, pdf: bool = False, odt: bool = False
) -> None:
    """市府政風處：將各機關陳報的防貪策略資料（.docx、.json）彙編成「廉政細工防貪策略彙編」。

    無法使用的檔案（損壞、版本較新、缺機關名稱）列出後略過，
    彙編仍由其餘檔案產出，並以結束碼 1 結束。
    """
    from docgen.cli.progress import terminal_progress
    from docgen.compile import compile_book

    report = compile_book(list(sources), output, progress=terminal_progress())
    print_problems(report.problems)
    for line in report.lines():
        click.echo(line)
    if formats_of(pdf, odt):
        convert_written([report.target], formats_of(pdf, odt))
    if report.skipped:
        click.echo(report.left_out(), err=True)
        sys.exit(EXIT_INPUT)


@cli.command(name="preview", context_settings=CONTEXT)
@click.argument("target", type=click.Path(path_type=Path, exists=True), metavar="檔案或資料夾")
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    metavar="資料夾",
    help="預覽圖存放的資料夾（預設為文件旁的「預覽」資料夾）。",
)
@guarded
def preview_command(target: Path, out_dir: Path | None) -> None:
    """將文件（.docx、.odt、.pdf，或整個資料夾）逐頁轉成 PNG 預覽圖，沒有 Word 也能檢視版面。"""
    from docgen.office.preview import default_folder, preview

    previews = preview(target, out_dir)
    for item in previews:
        click.echo(f"{item.source}：{len(item.pages)} 頁")
    pages = sum(len(item.pages) for item in previews)
    folder = out_dir or default_folder(target)
    click.echo(f"已產生 {len(previews)} 份文件、共 {pages} 頁預覽圖：{folder}")


if __name__ == "__main__":  # pragma: no cover
    main()
