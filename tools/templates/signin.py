"""Build templates/signin.docx: the sign-in sheet (簽到表) printed for the meeting room.

A title (機關 and 會議名稱, broken only between them or at a sensible place when too long for
one line), the header block (會議名稱、時間、地點、主席) and two tables, 出席人員 and 列席人員,
each 序號 | 單位 | 職稱 | 姓名 (the unit head from the 單位 sheet, printed) | 簽名 | 備註.
The first two rows of each table (block title and column headings) repeat on every page;
every data row is tall enough to sign in and never splits across a page break, and the
last row never stands alone on a page. docgen fills the rows (units, then a few spare
rows) through a ``{%tr for %}`` loop, so staff may change widths, heights or wording in Word.
"""

from docx.document import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.shared import Cm
from docx.table import Table, _Row

from tools.templates import base

HEADERS = ("序號", "單位", "職稱", "姓名", "簽名", "備註")
WIDTHS_CM = (1.4, 4.6, 2.0, 2.4, 3.8, 1.8)  # 16 cm: the text width
ROW_STYLES = (
    base.TABLE_TEXT_CENTER,
    base.TABLE_TEXT,
    base.TABLE_TEXT_CENTER,
    base.TABLE_TEXT_CENTER,
    base.TABLE_TEXT,
    base.TABLE_TEXT,
)
BLANK = ("",) * (len(HEADERS) - 1)
ROW_HEIGHT_CM = 1.4  # room for a signature; rows grow (never clip) for a long unit name
FIELD = "SigninField"
FIELDS = (
    ("會議名稱", "{{ meeting_name }}"),
    ("時　　間", "{{ meeting_when }}"),
    ("地　　點", "{{ venue }}"),
    ("主　　席", "{{ chair }}"),
)
BLOCKS = (("出席人員", "present"), ("列席人員", "observers"))


def build() -> Document:
    """Return the sign-in sheet template."""
    document = base.new_document()
    base.define_style(document, _field_style())
    base.add_paragraph(document, "{{ [agency, meeting_name, '簽到表'] | title_lines }}", base.TITLE)
    for label, tag in FIELDS:
        base.add_paragraph(document, f"{label}：{tag}", FIELD)
    for title, key in BLOCKS:
        base.add_paragraph(document)  # keeps the two tables apart (Word would join them)
        _add_block(document, title, key)
    base.add_paragraph(document, "", base.SMALL)  # a document ends with a paragraph
    return document


def _field_style() -> base.StyleSpec:
    """Return the header lines' style: 「會議名稱：」 labels, wrapped text aligned after them."""
    return base.StyleSpec(
        FIELD,
        "簽到表表頭",
        align=WD_ALIGN_PARAGRAPH.LEFT,
        left=base.chars(5),
        hanging=base.chars(5),
    )


def _add_block(document: Document, title: str, key: str) -> Table:
    """Add one block's table: a title row, column headings and the row loop over ``key``."""
    table = base.add_table(document, HEADERS, WIDTHS_CM)
    _add_title_row(table, title)
    for header in table.rows[:2]:  # Word: the headings never end a page without a row
        for cell in header.cells:
            cell.paragraphs[0].paragraph_format.keep_with_next = True
    base.add_row(table, [f"{{%tr for row in {key} %}}", *BLANK])
    cells = ["{{ row.number }}", "{{ row.unit }}", "{{ row.title }}", "{{ row.name }}", "", ""]
    row = base.add_row(table, cells, ROW_STYLES)
    row.height = Cm(ROW_HEIGHT_CM)
    row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    for cell in row.cells:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    base.add_row(table, ["{%tr endfor %}", *BLANK])
    base.never_spill_one_row(table, row)
    return table


def _add_title_row(table: Table, title: str) -> _Row:
    """Put a merged, shaded row reading ``title`` above the column headings; it repeats too."""
    row = table.add_row()
    table.rows[0]._tr.addprevious(row._tr)
    cell = row.cells[0].merge(row.cells[-1])
    base.set_cell_text(cell, title, base.TABLE_HEADER)
    base.set_cell_shading(cell, base.HEADER_FILL)
    tr_pr = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):
        tr_pr.append(OxmlElement(tag))
    return row
