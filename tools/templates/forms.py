"""Build templates/forms.docx: one unit's 修正意見表 (revision opinion form) on the draft.

Landscape A4, so that the five columns leave room to write. The page holds:

* the title (機關名稱, then 「會議名稱」會議資料初稿修正意見表) and a small form table with the
  unit, the reply deadline, the meeting, the officer and the phone;
* the instructions, the last saying by when (修正意見回覆期限) and to whom (承辦人, e-mail,
  phone) the form goes back;
* per discussed case (``{%p for case in cases %}``): a numbered heading (一、 C01 案例名稱, with
  ``case.mark``: 「（本單位主責）」, 「（本單位權責措施M03）」, 「（本單位協辦措施M05）」 for the
  unit's own cases), the case's 弊端態樣, then the opinion table whose
  header row is exactly 措施編號 | 現行內容 | 意見類型 | 建議內容 | 理由: one row per measure
  (``{%tr for m in case.measures %}``) and two empty rows for other opinions; then the table
  of proposed new measures, 新增措施內容 | 對應風險 | 權責單位 | 協辦單位 | 完成期限 | 理由,
  under a line naming the case's risks (``case.risks``), with two empty rows;
* a line for the signatures of whoever filled the form and the unit head.

The 意見類型 cell of each row holds a Word drop-down content control (修改/新增/刪除/其他,
showing 「請選擇」 until the unit chooses). docgen adds the form's identity (unit code and
draft fingerprint, in custom properties and a custom XML part, never in the text) when it
renders, so a template edited in Word needs no hidden parts.
"""

from __future__ import annotations

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph

from tools.templates.base import (
    BODIES,
    HEADER_FILL,
    OUTLINES,
    SMALL,
    SUBTITLE,
    TABLE_HEADER,
    TABLE_TEXT,
    TABLE_TEXT_CENTER,
    TITLE,
    add_paragraph,
    add_row,
    add_table,
    keep_rows_together,
    new_document,
    set_cell_shading,
    set_cell_text,
)

HEADERS = ("措施編號", "現行內容", "意見類型", "建議內容", "理由")
WIDTHS_CM = (2.2, 8.3, 2.6, 7.4, 4.2)  # 24.7 cm: landscape A4 within 2.5 cm margins
INFO_WIDTHS_CM = (2.6, 8.6, 2.6, 10.9)  # 24.7 cm; 「…（星期二）下午2時30分」 on one line
KINDS = ("修改", "新增", "刪除", "其他")
# The table of proposed new measures; collect reads it by the header 新增措施內容.
NEW_MEASURE_HEADERS = ("新增措施內容", "對應風險", "權責單位", "協辦單位", "完成期限", "理由")
NEW_MEASURE_WIDTHS_CM = (8.7, 2.2, 3.2, 3.2, 2.6, 4.8)  # 24.7 cm, as the opinion table
NEW_MEASURES_CAPTION = "新增措施（{{ case.id }}，無則免填）　本案風險：{{ case.risks }}"
PLACEHOLDER = "請選擇"
PLACEHOLDER_STYLE = "PlaceholderText"
BLANK_ROWS = 2
BLANK_ROW_HEIGHT = Cm(1.2)

INSTRUCTIONS = (
    "一、請於「意見類型」欄選擇修改、新增、刪除或其他，並填寫「建議內容」及「理由」；"
    "無意見者免填。",
    "二、建議新增措施請填於各案例之「新增措施」表（措施編號由政風室編定；對應風險請填本案之"
    "風險編號；權責單位空白即為本單位）；意見表末之空白列供填寫其他意見；請勿更動表格標題列。",
    "三、填妥後請於{{ reply_by }}以原檔（Word 或 ODF 格式，請勿轉為 PDF）回傳政風室承辦人"
    "{{ officer }}{{ contact_text }}。",
)


def build() -> Document:
    """Return the 修正意見表 template."""
    document = new_document(header_text="{{ unit_name }}修正意見表")
    _landscape(document)
    _add_placeholder_style(document)
    add_paragraph(document, "{{ agency }}", TITLE)
    add_paragraph(
        document,
        "{{ ['「' ~ meeting_name ~ '」', '會議資料初稿修正意見表'] | title_lines(42) }}",
        SUBTITLE,
    )
    _add_info_table(document)
    add_paragraph(document, "填表說明：", SMALL)
    for line in INSTRUCTIONS:
        _hanging(add_paragraph(document, line, SMALL), 2)
    add_paragraph(document, "{%p for case in cases %}", SMALL)
    add_paragraph(document, "", SMALL)
    _keep(add_paragraph(document, "{{ case.id }}　{{ case.name }}{{ case.mark }}", OUTLINES[0]))
    _keep(add_paragraph(document, "弊端態樣：{{ case.pattern }}", BODIES[0]))
    _add_opinion_table(document)
    _keep(add_paragraph(document, NEW_MEASURES_CAPTION, SMALL))
    _add_new_measure_table(document)
    add_paragraph(document, "{%p endfor %}", SMALL)
    add_paragraph(document, "", SMALL)
    add_paragraph(document, "填表人：　　　　　　　　　　單位主管：　　　　　　　　　　", BODIES[0])
    return document


def _landscape(document: Document) -> None:
    """Turn the page to landscape A4, keeping the 2.5 cm margins."""
    section = document.sections[0]
    width, height = section.page_width, section.page_height
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = height, width


def _add_placeholder_style(document: Document) -> None:
    """Add Word's 「Placeholder Text」 character style: grey, as Word shows 「請選擇」."""
    style = document.styles.add_style("Placeholder Text", WD_STYLE_TYPE.CHARACTER)
    style.style_id = PLACEHOLDER_STYLE
    style.font.color.rgb = RGBColor(0x80, 0x80, 0x80)
    style.hidden = False
    style.unhide_when_used = True


def _hanging(paragraph: Paragraph, characters: float) -> None:
    """Give `paragraph` a hanging indent of `characters` small characters (for 一、)."""
    paragraph.paragraph_format.left_indent = Pt(12 * characters)
    paragraph.paragraph_format.first_line_indent = Pt(-12 * characters)


def _keep(paragraph: Paragraph) -> None:
    """Keep `paragraph` on the page of the next one (a heading never ends a page)."""
    paragraph.paragraph_format.keep_with_next = True


def _add_info_table(document: Document) -> None:
    """Add the form's header: unit, deadline, meeting, officer and phone in label cells."""
    rows = (
        ("填表單位", "{{ unit_name }}", "回覆期限", "{{ reply_deadline_text }}"),
        ("會議名稱", "{{ meeting_name }}", "會議時間", "{{ meeting_when }}"),
        ("承辦人", "{{ officer }}", "聯絡電話", "{{ phone_text }}"),
    )
    table = add_table(document, rows[0], INFO_WIDTHS_CM)
    _drop_header_flag(table.rows[0])
    for values in rows[1:]:
        add_row(table, values, [TABLE_HEADER, TABLE_TEXT] * 2)
    for row in table.rows:
        for index, cell in enumerate(row.cells):
            if index % 2:
                set_cell_text(cell, cell.text, TABLE_TEXT)
                _clear_shading(cell)
            else:
                set_cell_shading(cell, HEADER_FILL)


def _drop_header_flag(row: _Row) -> None:
    """Stop `row` repeating on every page (the info table is not a list)."""
    tr_pr = row._tr.get_or_add_trPr()
    for flag in tr_pr.findall(qn("w:tblHeader")):
        tr_pr.remove(flag)


def _clear_shading(cell: object) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    for shading in tc_pr.findall(qn("w:shd")):
        tc_pr.remove(shading)


def _add_opinion_table(document: Document) -> Table:
    """Add the opinion table: header, the measure loop, and two empty rows."""
    table = add_table(document, HEADERS, WIDTHS_CM)
    for cell in table.rows[0].cells:
        _keep(cell.paragraphs[0])
    centred = [TABLE_TEXT_CENTER, TABLE_TEXT, TABLE_TEXT_CENTER, TABLE_TEXT, TABLE_TEXT]
    add_row(table, ["{%tr for m in case.measures %}", "", "", "", ""])
    row = add_row(table, ["{{ m.id }}", "{{ m.content }}", "", "", ""], centred)
    _add_kind_control(row)
    add_row(table, ["{%tr endfor %}", "", "", "", ""])
    for _ in range(BLANK_ROWS):
        row = add_row(table, ["", "", "", "", ""], centred)
        _add_kind_control(row)
        _min_height(row)
    keep_rows_together(table.rows[-BLANK_ROWS:-1])  # a page never holds one empty row alone
    return table


def _add_new_measure_table(document: Document) -> Table:
    """Add a case's table of proposed new measures: its header and empty rows to fill."""
    table = add_table(document, NEW_MEASURE_HEADERS, NEW_MEASURE_WIDTHS_CM)
    for cell in table.rows[0].cells:
        _keep(cell.paragraphs[0])
    styles = [TABLE_TEXT, TABLE_TEXT_CENTER, TABLE_TEXT, TABLE_TEXT, TABLE_TEXT_CENTER, TABLE_TEXT]
    for _ in range(BLANK_ROWS):
        _min_height(add_row(table, [""] * len(NEW_MEASURE_HEADERS), styles))
    keep_rows_together(table.rows[:-1])  # headings and empty rows on one page
    return table


def _min_height(row: _Row) -> None:
    """Give an empty row room to write in when printed."""
    height = OxmlElement("w:trHeight")
    height.set(qn("w:val"), str(BLANK_ROW_HEIGHT.twips))
    height.set(qn("w:hRule"), "atLeast")
    row._tr.get_or_add_trPr().append(height)


def _add_kind_control(row: _Row) -> None:
    """Put the 意見類型 drop-down content control into the row's third cell."""
    paragraph = row.cells[HEADERS.index("意見類型")].paragraphs[0]
    paragraph._p.append(parse_xml(kind_control_xml()))


def kind_control_xml(control_id: int = 1) -> str:
    """Return an inline w:sdt drop-down of 修改/新增/刪除/其他 showing 「請選擇」."""
    items = "".join(f'<w:listItem w:displayText="{k}" w:value="{k}"/>' for k in KINDS)
    return (
        f"<w:sdt {nsdecls('w')}><w:sdtPr>"
        f'<w:alias w:val="意見類型"/><w:tag w:val="docgen-kind"/><w:id w:val="{control_id}"/>'
        f"<w:showingPlcHdr/><w:dropDownList>{items}</w:dropDownList>"
        "</w:sdtPr><w:sdtContent><w:r><w:rPr>"
        f'<w:rStyle w:val="{PLACEHOLDER_STYLE}"/></w:rPr><w:t>{PLACEHOLDER}</w:t></w:r>'
        "</w:sdtContent></w:sdt>"
    )
