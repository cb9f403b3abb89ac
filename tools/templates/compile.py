"""Build templates/compile.docx: the styles of the city's 廉政細工防貪策略彙編.

``docgen compile`` writes the book's body itself (:mod:`docgen.compile.book`), paragraph by
paragraph in the styles defined here, so a book of thousands of cases is written in one pass.
The template's body is only a note that the compile replaces; what the book keeps of it is
everything else: the styles, the 壹、一、（一） outline numbering of the headings, the page
set-up with the 「第 X 頁，共 Y 頁」 footer (none on the cover page), and a setting asking Word
to bring the table of contents and page references up to date when the book is opened.

Styles of the book (styleIds in :mod:`docgen.compile.styles`): the cover lines; 篇名 (編輯說明,
the appendix of hand-written reports, the indexes: unnumbered, outline level 1, each on a new
page); heading 1 (業務類別, 壹、, a new page each) → heading 2 (弊端態樣, 一、) → heading 3
(the reporting agency, （一）) → heading 4 (違失態樣, 案例, 參考法條, 風險評估, 防治措施, 1、);
toc 1 and toc 2 with dotted leaders to the page number; 附錄標題 for each hand-written report;
索引分組 for the group rows of the index tables; 彙編註記 for small notes.
"""

from __future__ import annotations

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.styles.style import ParagraphStyle

from docgen.compile import styles
from tools.templates import base

TITLE = "廉政細工防貪策略彙編"
NOTE_TEXT = (
    "本範本供 docgen compile 使用：彙編的封面、編輯說明、目錄、各章案例與索引，"
    "依本範本的樣式產生；本段文字不會出現在彙編中。"
)
CENTER = WD_ALIGN_PARAGRAPH.CENTER


def build() -> Document:
    """Return the 彙編 template."""
    document = base.new_document()
    document.core_properties.title = TITLE
    _add_cover_styles(document)
    _add_book_styles(document)
    _add_toc_styles(document)
    _adjust_headings(document)
    document.sections[0].different_first_page_header_footer = True  # no footer on the cover
    _update_fields_on_open(document)
    base.add_paragraph(document, NOTE_TEXT, styles.NOTE)
    return document


def _style(document: Document, spec: base.StyleSpec, before: float = 0) -> ParagraphStyle:
    """Define the style ``spec`` describes, with ``before`` points above each paragraph."""
    style = base.define_style(document, spec)
    style.paragraph_format.space_before = Pt(before)
    return style


def _add_cover_styles(document: Document) -> None:
    """Add the cover's lines: the city, the title (CoverTitle of base), the year, the imprint."""
    _style(document, base.StyleSpec(styles.COVER_AGENCY, "封面機關", 24, 36, True, CENTER), 150)
    base.find_style(document, styles.COVER_TITLE).paragraph_format.space_before = Pt(30)
    _style(document, base.StyleSpec(styles.COVER_YEAR, "封面年度", 20, 30, True, CENTER), 24)
    _style(document, base.StyleSpec(styles.COVER_IMPRINT, "封面編印", 16, 26, False, CENTER), 230)


def _add_book_styles(document: Document) -> None:
    """Add 篇名, 附錄標題, 索引分組 and 彙編註記."""
    part = base.StyleSpec(
        styles.PART_TITLE, "篇名", 18, 28, True, CENTER, keep_with_next=True, outline_level=0
    )
    _style(document, part).paragraph_format.page_break_before = True
    toc = _style(document, base.StyleSpec(styles.TOC_HEADING, "目錄標題", 18, 28, True, CENTER))
    toc.paragraph_format.page_break_before = True
    toc.paragraph_format.space_after = Pt(12)
    appendix = base.StyleSpec(
        styles.APPENDIX_HEADING, "附錄標題", bold=True, keep_with_next=True, outline_level=1
    )
    _style(document, appendix).paragraph_format.space_after = Pt(12)
    group = base.StyleSpec(
        styles.INDEX_GROUP,
        "索引分組",
        base.SMALL_PT,
        base.SMALL_LINE_PT,
        True,
        WD_ALIGN_PARAGRAPH.LEFT,
        left=Pt(0),
        keep_with_next=True,
    )
    _style(document, group)
    note = base.StyleSpec(
        styles.NOTE, "彙編註記", base.SMALL_PT, base.SMALL_LINE_PT, align=WD_ALIGN_PARAGRAPH.LEFT
    )
    _style(document, note, 3)


def _add_toc_styles(document: Document) -> None:
    """Add toc 1 and toc 2: entries with a dotted leader to the right-aligned page number."""
    for level, style_id in enumerate(styles.TOC_LEVELS):
        style = document.styles.add_style(f"toc {level + 1}", WD_STYLE_TYPE.PARAGRAPH)
        style.style_id = style_id
        style.base_style = base.find_style(document, base.NORMAL)
        style.font.bold = True if level == 0 else None
        fmt = style.paragraph_format
        fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
        fmt.left_indent = base.chars(2 * level + 2)
        fmt.first_line_indent = -base.chars(2)
        fmt.space_before = Pt(6) if level == 0 else Pt(0)
        fmt.tab_stops.add_tab_stop(
            Cm(styles.TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
        )


def _adjust_headings(document: Document) -> None:
    """Start each 業務類別 on a new page; keep headings 2–4 with what follows them."""
    first = base.find_style(document, base.HEADINGS[0])
    first.paragraph_format.page_break_before = True
    for style_id in base.HEADINGS[1:4]:
        base.find_style(document, style_id).paragraph_format.keep_with_next = True


def _update_fields_on_open(document: Document) -> None:
    """Ask Word to update the table of contents and page references when opening the book."""
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.insert_element_before(
        update, "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars",
        "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
    )  # fmt: skip
