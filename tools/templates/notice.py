"""Build templates/notice.docx: the 開會通知單 sent on its own through the document system.

The official notice layout: 發文機關 and 文別 (20 pt), 受文者, 發文日期 and 發文字號 (left for the
clerk's numbering), 速別, 密等及解密條件或保密期限, 附件, then 開會事由, 時間, 地點, 主持人
(職稱 between surname and given name, 「林區長振宏」), 聯絡人及電話, 出席者, 列席者, 副本
and the 備註 lines staff write in the workbook.
"""

from __future__ import annotations

from docx.document import Document

from tools.templates import base, chapters
from tools.templates.pack import add_notice_body, add_notice_header


def build() -> Document:
    """Return the notice template."""
    document = base.new_document()
    chapters.add_styles(document)
    add_notice_header(
        document,
        (
            ("發文字號", "　　字第　　　　　　號"),
            ("速別", "{{ speed }}"),
            ("密等及解密條件或保密期限", "{{ secrecy }}"),
            ("附件", "{{ notice_attachments }}"),
        ),
    )
    add_notice_body(document, chair="{{ official_chair }}")
    chapters.tag(document, "{%p if remarks %}")
    base.add_paragraph(document, "備註：")
    chapters.tag(document, "{%p for remark in remarks %}")
    base.add_paragraph(document, "{{ remark }}", base.OUTLINES[0])
    chapters.tag(document, "{%p endfor %}")
    chapters.tag(document, "{%p endif %}")
    return document
