"""Write the input workbook that staff fill in: ``docgen init`` (blank) and the bundled example.

Everything about the layout comes from :mod:`docgen.workbook.schema`: headers, widths, which columns
get drop-down lists, and the 說明 sheet that explains each sheet and column.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from docgen.files import atomic
from docgen.problems import OutputError
from docgen.workbook import schema
from docgen.workbook.content import NO_CONTENT, Content, cell_value, example_row
from docgen.workbook.schema import CellKind, Column, Sheet

# sheet name -> rows; key-value sheets hold (項目, 內容) pairs, table sheets hold dicts by header

LAST_ROW = 1000
FONT = "微軟正黑體"
REQUIRED_FILL = PatternFill("solid", fgColor="F8CBAD")
OPTIONAL_FILL = PatternFill("solid", fgColor="D9E1F2")
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FONT = Font(name=FONT, bold=True)
BODY_FONT = Font(name=FONT)
WRAP = Alignment(wrap_text=True, vertical="top")
EXAMPLE_FONT = Font(name=FONT, italic=True, color="7F7F7F")
EXAMPLE_FILL = PatternFill("solid", fgColor="EDEDED")
EXAMPLE_NOTE = (
    "此列是填寫範例，docgen 不會讀取（第一格以「範例：」開頭）。"
    "請從下一列起填寫貴機關的資料；範例列可保留或刪除。"
)

# Columns whose drop-down lists another sheet's IDs or names: (sheet, field) -> (sheet, field)
_LOOKUPS: dict[tuple[str, str], tuple[str, str]] = {
    ("風險評估", "case_id"): ("案例", "id"),
    ("防制措施", "case_id"): ("案例", "id"),
    ("防制措施", "risk_id"): ("風險評估", "id"),
    ("修正意見", "case_id"): ("案例", "id"),
    ("修正意見", "measure_id"): ("防制措施", "id"),
    ("決議", "case_id"): ("案例", "id"),
}


def write_workbook(
    target: Path, content: Content, examples: Content = NO_CONTENT, keyed: bool = True
) -> Path:
    """Write a new input workbook at ``target`` holding ``content``; never overwrite a file.

    ``examples`` are guidance, marked so that they are never read as data: table rows first,
    their first cell starting with 「範例：」, and key-value examples in the 填寫範例 column.
    The workbook gets its own random form key (a custom document property, see
    :mod:`docgen.model.identity`), with which its 修正意見表 are sealed; not so the bundled
    example (``keyed=False``), which everybody has.
    """
    if target.exists():
        raise OutputError(f"「{target}」已存在，docgen 不會覆寫；請改名或刪除後再試")
    workbook = build_workbook(content, examples)
    if keyed:
        _add_form_key(workbook)
    return atomic.write_with(target, lambda temporary: workbook.save(temporary))


def _add_form_key(workbook: Workbook) -> None:
    import secrets

    from openpyxl.packaging.custom import StringProperty

    from docgen.workbook.reader import FORM_KEY_PROPERTY

    workbook.custom_doc_props.append(
        StringProperty(name=FORM_KEY_PROPERTY, value=secrets.token_hex(16))
    )


def build_workbook(content: Content, examples: Content = NO_CONTENT) -> Workbook:
    """Return an openpyxl workbook with the help sheet and every sheet of the contract."""
    workbook = Workbook()
    help_sheet = workbook.active
    help_sheet.title = schema.HELP_SHEET
    _write_help(help_sheet)
    for spec in schema.SHEETS:
        worksheet = workbook.create_sheet(spec.name)
        given, shown = content.get(spec.name, ()), examples.get(spec.name, ())
        if spec.key_value:
            _write_key_values(worksheet, spec, given, shown)
        else:
            _write_table(worksheet, spec, [*map(example_row, shown), *given], len(shown))
    for worksheet in workbook.worksheets:
        _print_one_page_wide(worksheet)
    return workbook


def _print_one_page_wide(worksheet: Worksheet) -> None:
    """Print landscape on A4, all columns on one page width, header row repeated."""
    worksheet.page_setup.orientation = "landscape"
    worksheet.page_setup.paperSize = worksheet.PAPERSIZE_A4
    worksheet.page_setup.fitToWidth = 1
    worksheet.page_setup.fitToHeight = 0
    worksheet.sheet_properties.pageSetUpPr.fitToPage = True
    if worksheet.title != schema.HELP_SHEET:
        worksheet.print_title_rows = "1:1"


# --- table sheets -----------------------------------------------------------------------------


def _write_table(
    worksheet: Worksheet, spec: Sheet, rows: Sequence[object], examples: int = 0
) -> None:
    """Write the header and ``rows``; the first ``examples`` rows are marked guidance."""
    for index, column in enumerate(spec.columns, start=1):
        cell = worksheet.cell(row=1, column=index, value=column.name)
        _style_header(cell, column)
        worksheet.column_dimensions[get_column_letter(index)].width = column.width
    for row_number, row in enumerate(rows, start=2):
        assert isinstance(row, Mapping)
        for index, column in enumerate(spec.columns, start=1):
            cell = worksheet.cell(
                row=row_number, column=index, value=cell_value(row.get(column.name))
            )
            cell.font = BODY_FONT
            cell.alignment = WRAP
            if row_number < 2 + examples:
                cell.font, cell.fill = EXAMPLE_FONT, EXAMPLE_FILL
        if row_number < 2 + examples:
            worksheet.cell(row=row_number, column=1).comment = Comment(
                EXAMPLE_NOTE, "docgen", width=260, height=90
            )
    worksheet.freeze_panes = "A2"
    worksheet.row_dimensions[1].height = 24
    for index, column in enumerate(spec.columns, start=1):
        _add_validation(worksheet, spec, column, get_column_letter(index))


def _style_header(cell: object, column: Column) -> None:
    cell.font = HEADER_FONT
    cell.fill = REQUIRED_FILL if column.required else OPTIONAL_FILL
    cell.border = BORDER
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    note = ("【必填】" if column.required else "") + column.help
    if column.choices:
        note += f"\n可選：{'、'.join(column.choices)}"
    cell.comment = Comment(note, "docgen", width=260, height=110)


def _add_validation(worksheet: Worksheet, spec: Sheet, column: Column, letter: str) -> None:
    formula = _list_formula(spec, column)
    if formula is None:
        return
    strict = column.kind is CellKind.CHOICE
    validation = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=strict,
        errorTitle="輸入錯誤",
        error=f"「{column.name}」請從清單選擇：{'、'.join(column.choices)}" if strict else None,
        promptTitle=column.name,
        prompt=column.help[:250],
        showInputMessage=True,
    )
    validation.add(f"{letter}2:{letter}{LAST_ROW}")
    worksheet.add_data_validation(validation)


def _list_formula(spec: Sheet, column: Column) -> str | None:
    if column.choices:
        return '"' + ",".join(column.choices) + '"'
    if column.kind in (CellKind.UNIT, CellKind.UNITS):
        return _range_of(schema.UNITS, "name")
    lookup = _LOOKUPS.get((spec.name, column.field))
    if lookup is not None:
        target = next(s for s in schema.SHEETS if s.name == lookup[0])
        return _range_of(target, lookup[1])
    return None


def _range_of(spec: Sheet, field: str) -> str:
    index = next(i for i, c in enumerate(spec.columns, start=1) if c.field == field)
    letter = get_column_letter(index)
    return f"{quote_sheetname(spec.name)}!${letter}$2:${letter}${LAST_ROW}"


# --- key-value sheets -------------------------------------------------------------------------


def _write_key_values(
    worksheet: Worksheet, spec: Sheet, pairs: Sequence[object], examples: Sequence[object] = ()
) -> None:
    """Write 項目 and 內容 (``pairs``); ``examples``, when given, go in the 填寫範例 column."""
    values = dict(pairs)  # type: ignore[arg-type]
    shown = dict(examples)  # type: ignore[arg-type]
    headers = [*schema.KV_HEADERS, *([schema.EXAMPLE_HEADER] if shown else [])]
    for index, name in enumerate(headers, start=1):
        cell = worksheet.cell(row=1, column=index, value=name)
        _style_header(
            cell,
            Column(name, name, required=index < 3, help=_KV_HEADER_HELP[index - 1]),
        )
    for row_number, column in enumerate(spec.columns, start=2):
        label = worksheet.cell(row=row_number, column=1, value=column.name)
        label.font = Font(name=FONT, bold=column.required)
        label.fill = REQUIRED_FILL if column.required else OPTIONAL_FILL
        label.border = BORDER
        note = ("【必填】" if column.required else "") + column.help
        label.comment = Comment(note, "docgen", width=260, height=90)
        cell = worksheet.cell(row=row_number, column=2, value=cell_value(values.get(column.name)))
        cell.font = BODY_FONT
        cell.alignment = WRAP
        cell.border = BORDER
        if shown:
            example = worksheet.cell(
                row=row_number, column=3, value=cell_value(shown.get(column.name))
            )
            example.font, example.fill, example.alignment = EXAMPLE_FONT, EXAMPLE_FILL, WRAP
    worksheet.column_dimensions["A"].width = 20
    worksheet.column_dimensions["B"].width = 70
    worksheet.column_dimensions["C"].width = 50
    worksheet.freeze_panes = "A2"


_KV_HEADER_HELP = (
    "項目名稱請勿修改",
    "請填寫內容",
    "內建範例（臺南市南區區公所）的寫法，僅供參考，docgen 不會讀取",
)


# --- the help sheet ---------------------------------------------------------------------------

_GUIDE = (
    "廉政細工專案工作簿填寫說明",
    "",
    "一、依序填寫「專案設定」「單位」「案例」「風險評估」「防制措施」五個工作表（必要）。",
    "二、「修正意見」可由 docgen collect 匯入各單位回覆的修正意見表，或手動填寫；"
    "政風室於「處理結果」填寫採納、部分採納、不採納、待議或提會討論：待議表示尚未決定，"
    "會議資料不能定稿；提會討論表示交由會議決定，列入會議資料的討論事項（並列初稿內容與建議內容），"
    "不影響核定。新增措施的風險編號、權責單位、協辦單位與完成期限填於同列右側各欄。",
    "三、會議後填寫「會議」「出席」「決議」工作表，並於提會討論之意見的「會議決議」欄填寫"
    "採納、部分採納或不採納，即可產出會議紀錄；會議採納者並套用於公開及陳報的防制措施。",
    "四、填寫完成後執行「docgen check」檢查，再執行「docgen build」產出全部文件。",
    "",
    "填寫要點：",
    "．標題為橘色的欄位必填，藍色的欄位可留空；將滑鼠移到標題上可看到說明。",
    "．空白工作簿各表第2列為灰色的填寫範例（第一格以「範例：」開頭），docgen 不會讀取；"
    "請從第3列起填寫，範例列可保留或刪除。「專案設定」的範例在「填寫範例」欄，請在「內容」欄填寫。",
    "．「會議」「出席」「決議」於會後填寫。",
    "．單位可填單位代碼或名稱，多個單位以「、」分隔。",
    "．是否欄位可填 是／否、Y／N、V；等級可填 1、2、3 或 低／中／高。",
    "．日期可填民國或西元，如 106/8/15、106年8月15日、2017-08-15；時間如 14:00 或 下午2時。",
    "．儲存格內換行請按 Alt+Enter；案情請先去識別化，勿填寫真實姓名、身分證字號或電話。",
    "．較早版本的工作簿：「處理結果」的下拉選單沒有「提會討論」，請先清除該欄的資料驗證"
    "（Excel：資料＞資料驗證＞全部清除）再輸入；沒有「會議決議」欄時，請在標題列新增一欄「會議決議」。",
    "",
)


def _write_help(worksheet: Worksheet) -> None:
    for text in _GUIDE:
        worksheet.append([text])
        row = worksheet.max_row
        worksheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
        worksheet.cell(row=row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
        worksheet.row_dimensions[row].height = 20 if len(text) < 60 else 36
    worksheet["A1"].font = Font(name=FONT, bold=True, size=16)
    worksheet.row_dimensions[1].height = 26
    worksheet.append(["工作表", "欄位（項目）", "必填", "說明", "可填的值"])
    header_row = worksheet.max_row
    for cell in worksheet[header_row]:
        cell.font = HEADER_FONT
        cell.fill = OPTIONAL_FILL
        cell.border = BORDER
    for spec in schema.SHEETS:
        worksheet.append([spec.name, "", "是" if spec.required else "否", spec.help, ""])
        worksheet.cell(row=worksheet.max_row, column=1).font = HEADER_FONT
        for column in spec.columns:
            required = "是" if column.required else ""
            worksheet.append(["", column.name, required, column.help, "、".join(column.choices)])
    for row in worksheet.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = WRAP
            cell.border = BORDER
            if cell.font != HEADER_FONT:
                cell.font = BODY_FONT
    for letter, width in zip("ABCDE", (14, 18, 8, 70, 36), strict=True):
        worksheet.column_dimensions[letter].width = width
    worksheet.freeze_panes = f"A{header_row + 1}"
