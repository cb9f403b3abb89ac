"""Build the parts the draft and pack templates share: 依據、目的 and the case chapters.

The chapter block is one ``{%p for c in chapters %}`` loop whose context comes from
``docgen.documents.chapters``: a level-1 heading per case, starting a new page, with the
level-2 sections 一、案例來源 … 七、防制措施, the 風險評估 table, the 風險圖像 grids
(native Word tables shaded by band through ``{% cellbg %}``) and the 防制措施 table.
"""

from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

from docgen.documents.chapters import IMPACTS, LIKELIHOODS, band_fill, cell_key
from tools.templates import base

FIGURE_TITLE = "FigureTitle"
NOTE = "TableNote"
LABELLED = "LabelledBody2"
LABEL_CHARS = 5  # 「涉犯法條：」: wrapped lines align after the label
CELL_MARGIN_CM = 0.1

RISK_HEADERS = (
    "編號",
    "風險項目",
    "風險情境",
    "風險\n因子",
    "現有控制措施",
    "可能性",
    "影響\n程度",
    "風險值",
    "等級",
)
RISK_WIDTHS = (1.1, 2.3, 3.2, 1.2, 2.9, 1.5, 1.2, 1.5, 1.1)
RISK_CELLS = (
    ("{{ r.id }}", base.TABLE_TEXT_CENTER),
    ("{{ r.item }}", base.TABLE_TEXT),
    ("{{ r.scenario }}", base.TABLE_TEXT),
    ("{{ r.factor }}", base.TABLE_TEXT_CENTER),
    ("{{ r.controls }}", base.TABLE_TEXT),
    ("{{ r.likelihood }}", base.TABLE_TEXT_CENTER),
    ("{{ r.impact }}", base.TABLE_TEXT_CENTER),
    ("{{ r.score }}", base.TABLE_TEXT_CENTER),
    ("{% cellbg r.fill %}{{ r.band }}", base.TABLE_TEXT_CENTER),
)
RISK_NOTE = (
    "註：風險值＝可能性×影響程度。可能性：1幾乎不可能、2可能、3幾乎確定；"
    "影響程度：1輕微、2嚴重、3非常嚴重；風險值6至9為高、3至4為中、1至2為低。"
)

MEASURE_HEADERS = ("編號", "措施內容", "對應\n風險", "類別", "權責單位", "協辦單位", "完成期限")
MEASURE_WIDTHS = (1.2, 6.2, 1.2, 1.2, 2.1, 2.1, 2.0)
MEASURE_CELLS = (
    ("{{ m.id }}", base.TABLE_TEXT_CENTER),
    ("{{ m.content }}", base.TABLE_TEXT),
    ("{{ m.risk }}", base.TABLE_TEXT_CENTER),
    ("{{ m.category }}", base.TABLE_TEXT_CENTER),
    ("{{ m.owners }}", base.TABLE_TEXT),
    ("{{ m.assists }}", base.TABLE_TEXT),
    ("{{ m.deadline }}", base.TABLE_TEXT_CENTER),
)

GRID_LABEL_CM = 3.4
GRID_CELL_CM = 3.2
GRID_ROW_CM = 1.3
GRID_NOTE = "註：格內為風險編號；紅色底為高風險區、黃色底為中風險區、綠色底為低風險區。"


def add_styles(document: Document) -> None:
    """Add the chapter block's own styles; keep level-2/3 headings with what follows."""
    for style_id in base.HEADINGS[1:3]:
        base.find_style(document, style_id).paragraph_format.keep_with_next = True
    _add_style(document, FIGURE_TITLE, "圖表標題", 14, 21, bold=True, keep=True)
    _add_style(document, NOTE, "表格註記", 12, 18, bold=False, keep=False)
    _add_labelled_style(document)


def _add_labelled_style(document: Document) -> None:
    """Add 「本文 2 標示」: level-2 text after a 5-character label, wrapped under the text."""
    body = base.find_style(document, base.BODIES[1])
    style = document.styles.add_style("本文 2 標示", WD_STYLE_TYPE.PARAGRAPH)
    style.style_id = LABELLED
    style.base_style = body
    style.quick_style = True
    fmt = style.paragraph_format
    fmt.left_indent = Length(body.paragraph_format.left_indent + base.chars(LABEL_CHARS))
    fmt.first_line_indent = Length(-base.chars(LABEL_CHARS))


def _add_style(
    document: Document, style_id: str, name: str, size: float, line: float, bold: bool, keep: bool
) -> None:
    """Add a paragraph style based on Normal: `size` pt, exact `line` pt lines."""
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.style_id = style_id
    style.base_style = base.find_style(document, base.NORMAL)
    style.quick_style = True
    style.font.size = Pt(size)
    style.font.bold = True if bold else None
    fmt = style.paragraph_format
    fmt.space_before = Pt(6) if bold else Pt(3)
    fmt.space_after = Pt(3) if bold else Pt(0)
    fmt.line_spacing, fmt.line_spacing_rule = Pt(line), WD_LINE_SPACING.EXACTLY
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER if bold else WD_ALIGN_PARAGRAPH.LEFT
    fmt.keep_with_next = True if keep else None


def tag(document: Document, text: str) -> Paragraph:
    """Add a paragraph holding only a docxtpl paragraph tag such as ``{%p endif %}``."""
    return base.add_paragraph(document, text)


def add_intro(document: Document) -> None:
    """Add 壹、依據 (left out when the workbook gives none) and 貳、目的."""
    tag(document, "{%p if basis %}")
    base.add_paragraph(document, "依據", base.HEADINGS[0])
    base.add_paragraph(document, "{{ basis }}", base.BODIES[0])
    tag(document, "{%p endif %}")
    base.add_paragraph(document, "目的", base.HEADINGS[0])
    base.add_paragraph(document, "{{ purpose }}", base.BODIES[0])


def add_chapters(document: Document) -> None:
    """Add the loop that writes one level-1 chapter per discussed case."""
    tag(document, "{%p for c in chapters %}")
    title = base.add_paragraph(document, "{{ c.name }}", base.HEADINGS[0])
    title.paragraph_format.page_break_before = True
    _add_case_texts(document)
    _section(document, "風險評估")
    _optional_table(document, "c.risks", "r", RISK_HEADERS, RISK_WIDTHS, RISK_CELLS, RISK_NOTE)
    _section(document, "風險圖像")
    _add_grids(document)
    _section(document, "防制措施")
    _optional_table(document, "c.measures", "m", MEASURE_HEADERS, MEASURE_WIDTHS, MEASURE_CELLS)
    tag(document, "{%p endfor %}")


def _section(document: Document, title: str) -> Paragraph:
    """Add a level-2 heading (一、二、…)."""
    return base.add_paragraph(document, title, base.HEADINGS[1])


def _body(document: Document, text: str) -> Paragraph:
    """Add level-2 body text."""
    return base.add_paragraph(document, text, base.BODIES[1])


def _add_case_texts(document: Document) -> None:
    """Add 一、案例來源 to 四、涉犯法條及處分結果."""
    _section(document, "案例來源")
    _body(document, "{{ c.source }}")
    tag(document, "{%p if c.facts %}")
    _body(document, "{{ c.facts }}")
    tag(document, "{%p endif %}")
    _section(document, "案情概述")
    _body(document, "{{ c.summary }}")
    _section(document, "弊端態樣")
    _body(document, "{{ c.pattern }}")
    _section(document, "涉犯法條及處分結果")
    base.add_paragraph(document, "涉犯法條：{{ c.statutes }}", LABELLED)
    base.add_paragraph(document, "處分結果：{{ c.outcome }}", LABELLED)


def _optional_table(
    document: Document,
    rows: str,
    item: str,
    headers: Sequence[str],
    widths: Sequence[float],
    cells: Sequence[tuple[str, str]],
    note: str = "",
) -> None:
    """Add a table with one row per item of `rows`, or 「無」 when there is none."""
    tag(document, f"{{%p if {rows} %}}")
    add_loop_table(document, f"{item} in {rows}", headers, widths, cells)
    if note:
        base.add_paragraph(document, note, NOTE)
    tag(document, "{%p else %}")
    _body(document, "無")
    tag(document, "{%p endif %}")


def add_loop_table(
    document: Document,
    loop: str,
    headers: Sequence[str],
    widths: Sequence[float],
    cells: Sequence[tuple[str, str]],
) -> Table:
    """Add a table whose body row repeats ``{%tr for <loop> %}``; Return it."""
    table = base.add_table(document, list(headers), list(widths))
    narrow_cell_margins(table)
    _tag_row(table, f"{{%tr for {loop} %}}")
    row = base.add_row(table, [text for text, _ in cells], [style for _, style in cells])
    for cell in row.cells:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    _tag_row(table, "{%tr endfor %}")
    base.never_spill_one_row(table, row)
    return table


def _tag_row(table: Table, text: str) -> _Row:
    """Add a row holding only a ``{%tr %}`` tag (docxtpl removes the whole row)."""
    return base.add_row(table, [text] + [""] * (len(table.columns) - 1))


def narrow_cell_margins(table: Table) -> None:
    """Give `table` 0.1 cm left and right cell margins, so narrow columns fit their words."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(Cm(CELL_MARGIN_CM).twips))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.insert_element_before(
        margins, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange"
    )


def _add_grids(document: Document) -> None:
    """Add the 風險圖像 before controls and, where rated, after them."""
    tag(document, "{%p if c.risks %}")
    base.add_paragraph(document, "採行措施前（固有風險）", FIGURE_TITLE)
    add_grid(document, "c.grid")
    tag(document, "{%p if c.residual_grid %}")
    base.add_paragraph(document, "採行措施後（殘餘風險）", FIGURE_TITLE)
    add_grid(document, "c.residual_grid")
    tag(document, "{%p if c.unrated %}")
    base.add_paragraph(document, "未評估殘餘風險者：{{ c.unrated }}", NOTE)
    tag(document, "{%p endif %}")
    tag(document, "{%p endif %}")
    base.add_paragraph(document, GRID_NOTE, NOTE)
    tag(document, "{%p else %}")
    _body(document, "無")
    tag(document, "{%p endif %}")


def add_grid(document: Document, grid: str) -> Table:
    """Add a 3×3 risk grid: 可能性 rows 3→1 by 影響程度 columns 1→3, cells shaded by band.

    The rows are written out (not looped) so that the shading, the axis labels and the
    keep-together flags are visible and editable in Word: every row but the last keeps with
    the next, so a grid never breaks across pages.
    """
    widths = [GRID_LABEL_CM] + [GRID_CELL_CM] * 3
    table = base.add_table(document, ["可能性", "影響程度", "", ""], widths)
    narrow_cell_margins(table)
    scale = [f"{impact}\n{IMPACTS[impact]}" for impact in (1, 2, 3)]
    _mark_header(base.add_row(table, ["", *scale], base.TABLE_HEADER))
    for cell in table.rows[1].cells[1:]:
        base.set_cell_shading(cell, base.HEADER_FILL)
    _merged_text(base.merge_down(table, 0, 0, 1), "可能性")
    _merged_text(table.cell(0, 1).merge(table.cell(0, 3)), "影響程度")
    for likelihood in (3, 2, 1):
        _add_grid_row(table, grid, likelihood)
    for row in table.rows[:-1]:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
    return table


def _add_grid_row(table: Table, grid: str, likelihood: int) -> None:
    """Add the grid row of one likelihood: its label, then three band-shaded cells."""
    tags = [f"{{{{ {grid}.{cell_key(likelihood, impact)} }}}}" for impact in (1, 2, 3)]
    label = f"{likelihood}\n{LIKELIHOODS[likelihood]}"
    row = base.add_row(table, [label, *tags], [base.TABLE_HEADER] + [base.TABLE_TEXT_CENTER] * 3)
    row.height, row.height_rule = Cm(GRID_ROW_CM), WD_ROW_HEIGHT_RULE.AT_LEAST
    base.set_cell_shading(row.cells[0], base.HEADER_FILL)
    for impact, cell in enumerate(row.cells[1:], 1):
        base.set_cell_shading(cell, band_fill(likelihood, impact))
    for cell in row.cells:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _merged_text(cell: _Cell, text: str) -> None:
    """Leave one header paragraph of `text` in a merged `cell` (merging joins paragraphs)."""
    for extra in cell.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    base.set_cell_text(cell, text, base.TABLE_HEADER)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _mark_header(row: _Row) -> None:
    """Make `row` a repeating header row that never splits."""
    tr_pr = row._tr.get_or_add_trPr()
    for flag in ("w:cantSplit", "w:tblHeader"):
        if tr_pr.find(qn(flag)) is None:
            tr_pr.append(OxmlElement(flag))
