"""Build templates/letter.docx: the 函 that reports the 防貪策略資料 to the city (a draft).

The fields in the order of the 文書處理手冊: 發文機關全銜與文別 (20 pt), 地址 and 聯絡方式,
受文者, 發文日期, 發文字號 (left for the clerk to number), 速別, 密等及解密條件或保密期限,
附件 (12 pt), then 主旨 and 說明 (16 pt), 正本, 副本 and the head's title and name as 署名.
"""

from __future__ import annotations

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from tools.templates import base, chapters

FIELD = "LetterField"
CONTACT = "LetterContact"
SUBJECT = "LetterSubject"
SIGNATURE = "LetterSignature"
LABEL_CHARS = 3  # 「主旨：」: wrapped lines align after the label
HEADER_FIELDS = (
    ("受文者", "{{ report_to }}"),
    ("發文日期", "中華民國　　年　　月　　日"),
    ("發文字號", "　　字第　　　　　　號"),
    ("速別", "{{ speed }}"),
    ("密等及解密條件或保密期限", "{{ secrecy }}"),
    ("附件", "{{ attachments }}"),
)


def build() -> Document:
    """Return the letter template."""
    document = base.new_document()
    for spec in _styles():
        base.define_style(document, spec)
    base.add_paragraph(document, "{{ agency }}　函", base.TITLE)
    chapters.tag(document, "{%p for line in contact %}")
    base.add_paragraph(document, "{{ line }}", CONTACT)
    chapters.tag(document, "{%p endfor %}")
    base.add_paragraph(document, "", base.SMALL)
    for label, value in HEADER_FIELDS:
        base.add_paragraph(document, f"{label}：{value}", FIELD)
    base.add_paragraph(document, "", base.SMALL)
    base.add_paragraph(document, "主旨：{{ subject }}", SUBJECT)
    base.add_paragraph(document, "說明：", SUBJECT)
    chapters.tag(document, "{%p for item in explanation %}")
    base.add_paragraph(document, "{{ item }}", base.HEADINGS[1])
    chapters.tag(document, "{%p endfor %}")
    base.add_paragraph(document, "", base.SMALL)
    base.add_paragraph(document, "正本：{{ report_to }}", FIELD)
    base.add_paragraph(document, "副本：{{ copies }}", FIELD)
    base.add_paragraph(document, "")
    base.add_paragraph(document, "{{ signature }}", SIGNATURE)
    return document


def _styles() -> list[base.StyleSpec]:
    small = {"size": base.SMALL_PT, "line": base.SMALL_LINE_PT}
    left = WD_ALIGN_PARAGRAPH.LEFT
    return [
        base.StyleSpec(FIELD, "函表頭欄位", align=left, left=Pt(0), **small),
        base.StyleSpec(CONTACT, "函聯絡方式", align=WD_ALIGN_PARAGRAPH.RIGHT, **small),
        base.StyleSpec(
            SUBJECT,
            "函主旨說明",
            align=left,
            left=base.chars(LABEL_CHARS),
            hanging=base.chars(LABEL_CHARS),
        ),
        base.StyleSpec(SIGNATURE, "函署名", size=20, line=30, bold=True, align=left),
    ]
