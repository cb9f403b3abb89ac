"""Build templates/draft.docx: 會議資料（初稿）, marked as a draft on every page.

Cover (機關名稱, 專案名稱, 會議資料（初稿）, 會議名稱, date, reply deadline), then
壹、依據 and 貳、目的, then one chapter per discussed case (see ``chapters.py``).
"""

from __future__ import annotations

from docx.document import Document

from tools.templates import base, chapters

DRAFT_MARK = "會議資料（初稿）－僅供各單位提供修正意見使用"
COVER_GAP_TOP = 5
COVER_GAP = 2
COVER_GAP_BOTTOM = 8
REPLY_LINE = (  # two lines, broken after the comma when it does not fit on one (16 pt: 28)
    "{% if reply_by %}{{ ['請各單位於' ~ reply_by ~ '前，', '將修正意見送政風室彙整']"
    " | title_lines(28) }}{% endif %}"
)


def build() -> Document:
    """Return the draft template."""
    document = base.new_document(header_text=DRAFT_MARK)
    chapters.add_styles(document)
    add_cover(document)
    chapters.add_intro(document)
    chapters.add_chapters(document)
    return document


def add_cover(document: Document) -> None:
    """Add the cover page and end it with a page break."""
    _gap(document, COVER_GAP_TOP)
    base.add_paragraph(document, "{{ agency }}", base.TITLE)
    base.add_paragraph(document, "{{ project_name }}", base.TITLE)
    _gap(document, COVER_GAP)
    base.add_paragraph(document, "會議資料（初稿）", base.COVER_TITLE)
    _gap(document, COVER_GAP)
    base.add_paragraph(document, "{{ meeting_name }}", base.SUBTITLE)
    base.add_paragraph(document, "{{ meeting_day }}", base.SUBTITLE)
    _gap(document, COVER_GAP_BOTTOM)
    base.add_paragraph(document, REPLY_LINE, base.SUBTITLE)
    base.add_page_break(document)


def _gap(document: Document, lines: int) -> None:
    """Add `lines` empty body lines (the cover's vertical spacing)."""
    for _ in range(lines):
        base.add_paragraph(document, "")
