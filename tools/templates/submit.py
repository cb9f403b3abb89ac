"""Build templates/submit.docx: 防貪策略資料, the abstracted patterns reported to the city.

A cover (機關, 專案, 防貪策略資料, 陳報機關, date), 壹、說明, then one chapter per published
case (``{%p for e in entries %}``): 一、案情摘要 (the 公開摘要, with 業務類別 and 發生年度),
二、風險評估 (risk items with levels before and after controls), 三、風險圖像 (the 3×3 grids
shared with the meeting pack), 四、防制措施 (as adopted, with 權責單位 and 完成期限),
五、參考法條. The structured data travels inside the file (a custom XML part docgen adds).
"""

from __future__ import annotations

from docx.document import Document

from tools.templates import base, chapters

RISK_HEADERS = ("編號", "風險項目", "控制前", "控制後")
RISK_WIDTHS = (1.4, 8.6, 3.0, 3.0)
RISK_CELLS = (
    ("{{ r.id }}", base.TABLE_TEXT_CENTER),
    ("{{ r.item }}", base.TABLE_TEXT),
    ("{{ r.before }}", base.TABLE_TEXT_CENTER),
    ("{{ r.after }}", base.TABLE_TEXT_CENTER),
)
MEASURE_HEADERS = ("編號", "防制措施", "權責單位", "完成期限")
MEASURE_WIDTHS = (1.4, 9.2, 3.2, 2.2)
MEASURE_CELLS = (
    ("{{ m.number }}", base.TABLE_TEXT_CENTER),
    ("{{ m.content }}", base.TABLE_TEXT),
    ("{{ m.owners }}", base.TABLE_TEXT),
    ("{{ m.deadline }}", base.TABLE_TEXT_CENTER),
)
RISK_NOTE = "註：等級（可能性×影響程度＝風險值）；風險值 6–9 為高、3–4 為中、1–2 為低。"
COVER_GAP = 4


def build() -> Document:
    """Return the submission template."""
    document = base.new_document()
    chapters.add_styles(document)
    _add_cover(document)
    base.add_paragraph(document, "說明", base.HEADINGS[0])
    base.add_paragraph(document, "{{ explanation }}", base.BODIES[0])
    chapters.tag(document, "{%p for e in entries %}")
    title = base.add_paragraph(document, "{{ e.title }}", base.HEADINGS[0])
    title.paragraph_format.page_break_before = True
    _section(document, "案情摘要")
    base.add_paragraph(document, "{{ e.facts }}", chapters.LABELLED)
    base.add_paragraph(document, "{{ e.summary }}", base.BODIES[1])
    _section(document, "風險評估")
    chapters.add_loop_table(document, "r in e.risks", RISK_HEADERS, RISK_WIDTHS, RISK_CELLS)
    base.add_paragraph(document, RISK_NOTE, chapters.NOTE)
    _section(document, "風險圖像")
    base.add_paragraph(document, "採行措施前（固有風險）", chapters.FIGURE_TITLE)
    chapters.add_grid(document, "e.grid")
    chapters.tag(document, "{%p if e.residual_grid %}")
    base.add_paragraph(document, "採行措施後（殘餘風險）", chapters.FIGURE_TITLE)
    chapters.add_grid(document, "e.residual_grid")
    chapters.tag(document, "{%p endif %}")
    base.add_paragraph(document, chapters.GRID_NOTE, chapters.NOTE)
    _section(document, "防制措施")
    chapters.add_loop_table(
        document, "m in e.measures", MEASURE_HEADERS, MEASURE_WIDTHS, MEASURE_CELLS
    )
    _section(document, "參考法條")
    base.add_paragraph(document, "{{ e.statutes }}", base.BODIES[1])
    chapters.tag(document, "{%p endfor %}")
    return document


def _add_cover(document: Document) -> None:
    for _ in range(COVER_GAP):
        base.add_paragraph(document, "")
    base.add_paragraph(document, "{{ agency }}", base.TITLE)
    base.add_paragraph(document, "{{ project_name }}", base.TITLE)
    base.add_paragraph(document, "")
    base.add_paragraph(document, "防貪策略資料", base.COVER_TITLE)
    base.add_paragraph(document, "")
    base.add_paragraph(document, "陳報{{ report_to }}", base.SUBTITLE)
    base.add_paragraph(document, "{{ report_date }}", base.SUBTITLE)
    base.add_page_break(document)


def _section(document: Document, title: str) -> None:
    base.add_paragraph(document, title, base.HEADINGS[1])
