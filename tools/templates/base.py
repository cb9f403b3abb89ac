"""Build what every docgen template shares: page, styles, outline numbering, tables.

Dev-time helpers for the template builders in ``tools/templates``; docgen itself never
imports this module. A template built here is an ordinary .docx that staff can open and
edit in Word: every look lives in a named style (never run by run), and outline numbers
are real Word list numbering, so a paragraph copied by a docxtpl ``{%p for %}`` loop or
added by hand in Word numbers itself, and lower levels restart when a higher one advances.

Paragraph styles, by the styleId to use in code (``add_paragraph(doc, text, BODY[0])``)
and the name staff see in Word (Word shows built-in names in its own language):

===================  ================  =================================================
styleId              name              look
===================  ================  =================================================
Normal               Normal (內文)     標楷體 / Times New Roman 16 pt, exact 26 pt lines,
                                       no paragraph spacing, left-aligned
                                       (see "Line breaking" below)
Title                Title (標題)      機關全銜＋文別 line: 20 pt bold centred
Subtitle             Subtitle (副標題) 16 pt bold centred
CoverTitle           封面標題          28 pt bold centred, for a cover page
Heading1…Heading5    heading 1…5       outline 壹、 → 一、 → （一） → 1、 → （1）;
                                       level 1 bold, 2–5 plain
Body1…Body5          本文 1…5          plain text aligned with the text of heading 1…5
Outline1…Outline4    綱要 1…4          outline 一、 → （一） → 1、 → （1） (minutes:
                                       一、時間 二、地點 …), plain
TableText            表格內文          12 pt, exact 18 pt lines, no indent
TableTextCenter      表格內文置中      Table Text, centred (序號, 分數, 日期 columns)
TableHeader          表格標題列        Table Text, bold, centred
Small                小字              12 pt for 日期、字號、附件、正本／副本
Header / Footer      header / footer   12 pt; right-aligned / centred
===================  ================  =================================================

Number formats (``w:numFmt``), checked against ECMA-376 and headless LibreOffice 7.4:
壹 ``ideographLegalTraditional`` (LibreOffice: 壹…玖、壹拾、壹拾壹);
一 ``taiwaneseCountingThousand`` (LibreOffice: 一…十、十一、二十一、一百零一; also what
Word's zh-TW gallery and LibreOffice's own .docx export write); 1 ``decimal``.
Labels are followed by nothing (no tab), with a hanging indent as wide as the label,
so wrapped lines align with the text.

Fonts on a machine without 標楷體: the font table (word/fontTable.xml) describes 標楷體
as Word does (altName DFKai-SB, Big5 charset, Kai panose), so Word substitutes a
Traditional Chinese face, and the theme fonts are 標楷體 / Times New Roman, so what Word
formats with theme fonts matches. LibreOffice reads only the name and charset from the
font table and uses no theme font here; it asks fontconfig for a substitute by font name
and language, so what makes it fall back to a Traditional Chinese face is the zh-TW
``w:lang`` in docDefaults. Without it, plain LibreOffice 7.4 on Debian sets 標楷體 text in
Noto Sans CJK SC; with it, in Noto Sans CJK TC. pdffonts shows either as
"NotoSansCJKjp-…": the faces of that font collection share one CFF table, named after the
Japanese face, so that name does not tell which face was used.

Line breaking: body text is left-aligned, not justified. A line of Chinese text breaks
between any two characters but never inside a Latin word or a digit string, so a long 文號
(「第1060699847號」) that does not fit moves whole to the next line; a justified line would
then spread the characters left behind across the width (「臺 南 市 政 府 …」), in
LibreOffice and Word alike. Left-aligned, a line of Chinese characters still ends at the
same place (every character is one em wide) and only lines holding Latin text end a little
short. No closing punctuation starts a line: both Word and LibreOffice apply their forbidden-
character rules (w:kinsoku, on by default) to East Asian text, which is why docDefaults
marks it zh-TW; the line before such a character takes it along (hanging into the margin by
at most that one character) or gives up its last character.
"""

from collections.abc import Iterable, Sequence
from copy import deepcopy
from dataclasses import dataclass
from zlib import crc32

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Cm, Length, Pt
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

EAST_ASIAN_FONT = "標楷體"
LATIN_FONT = "Times New Roman"
LANGUAGE = "zh-TW"

PAGE_WIDTH, PAGE_HEIGHT = Cm(21), Cm(29.7)
MARGIN = Cm(2.5)
HEADER_FOOTER_DISTANCE = Cm(1.5)

BODY_PT = 16.0
BODY_LINE_PT = 26.0
SMALL_PT = 12.0
SMALL_LINE_PT = 18.0
HEADER_FILL = "D9D9D9"  # light grey behind a table's header row
BORDER_SIZE = 4  # eighths of a point: a 0.5 pt single line

# The style ids, spelled once for the builders and for code that writes WordprocessingML.
from docgen.render.styles import (  # noqa: E402
    BODIES,
    COVER_TITLE,
    HEADINGS,
    NORMAL,
    OUTLINES,
    SMALL,
    SUBTITLE,
    TABLE_HEADER,
    TABLE_TEXT,
    TABLE_TEXT_CENTER,
    TITLE,
)

# word/fontTable.xml: the two fonts the templates name, each as Word itself describes it,
# so Word on a machine without 標楷體 substitutes by these: altName DFKai-SB (its Windows
# name), charset 88 (Big5, Traditional Chinese), Kai panose, fixed pitch, and a signature
# whose code-page bit 20 is Big5. python-docx's default table lists Japanese fonts instead.
FONT_TABLE = (
    f"<w:fonts {nsdecls('w')}>"
    f'<w:font w:name="{EAST_ASIAN_FONT}"><w:altName w:val="DFKai-SB"/>'
    '<w:panose1 w:val="03000509000000000000"/><w:charset w:val="88"/>'
    '<w:family w:val="script"/><w:pitch w:val="fixed"/>'
    '<w:sig w:usb0="00000003" w:usb1="080E0000" w:usb2="00000016" w:usb3="00000000"'
    ' w:csb0="00100001" w:csb1="00000000"/></w:font>'
    f'<w:font w:name="{LATIN_FONT}">'
    '<w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/>'
    '<w:family w:val="roman"/><w:pitch w:val="variable"/>'
    '<w:sig w:usb0="E0002AFF" w:usb1="C0007841" w:usb2="00000009" w:usb3="00000000"'
    ' w:csb0="000001FF" w:csb1="00000000"/></w:font>'
    "</w:fonts>"
)
# Word 2010's copy of the styles, left over in python-docx's default document: Calibri,
# Cambria and en-US East Asian text. docgen defines its styles in word/styles.xml only.
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"

# Footer text around the two fields: 「第 X 頁，共 Y 頁」.
PAGE_FOOTER = ("第 ", "PAGE", " 頁，共 ", "NUMPAGES", " 頁")

Container = Document | _Cell


def chars(count: float) -> Length:
    """Return the width of `count` full-width characters of body text."""
    return Pt(BODY_PT * count)


@dataclass(frozen=True)
class ListLevel:
    """One level of an outline list: number format, label, and where the label starts."""

    num_fmt: str  # w:numFmt value
    text: str  # w:lvlText, with %N standing for the number of level N
    indent: float  # label start, in characters from the margin
    label: float  # label width in characters: 「一、」 is 2, 「（一）」 3, 「1、」 1.5

    @property
    def left(self) -> Length:
        """Return where the text after the label starts (and wrapped lines too)."""
        return chars(self.indent + self.label)

    @property
    def hanging(self) -> Length:
        """Return how far the label hangs out to the left of the text."""
        return chars(self.label)


# 壹、 → 一、 → （一） → 1、 → （1）, each level one character further in.
OFFICIAL_LIST = (
    ListLevel("ideographLegalTraditional", "%1、", 0, 2),
    ListLevel("taiwaneseCountingThousand", "%2、", 1, 2),
    ListLevel("taiwaneseCountingThousand", "（%3）", 2, 3),
    ListLevel("decimal", "%4、", 3, 1.5),
    ListLevel("decimal", "（%5）", 4, 2.5),
)
# 一、 → （一） → 1、 → （1）: documents whose top level is 一、 (minutes).
MINUTES_LIST = (
    ListLevel("taiwaneseCountingThousand", "%1、", 0, 2),
    ListLevel("taiwaneseCountingThousand", "（%2）", 1, 3),
    ListLevel("decimal", "%3、", 2, 1.5),
    ListLevel("decimal", "（%4）", 3, 2.5),
)


@dataclass(frozen=True)
class StyleSpec:
    """How one paragraph style looks; None leaves a property to the base style."""

    style_id: str
    name: str
    size: float = BODY_PT
    line: float = BODY_LINE_PT
    bold: bool = False
    align: WD_ALIGN_PARAGRAPH | None = None
    left: Length | None = None
    hanging: Length | None = None
    keep_with_next: bool = False
    outline_level: int | None = None


def _plain_specs() -> list[StyleSpec]:
    """Return the styles that are not bound to a list."""
    center, left = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
    small = {"size": SMALL_PT, "line": SMALL_LINE_PT}
    return [
        StyleSpec(TITLE, "Title", size=20, line=30, bold=True, align=center),
        StyleSpec(SUBTITLE, "Subtitle", bold=True, align=center),
        StyleSpec(COVER_TITLE, "封面標題", size=28, line=42, bold=True, align=center),
        StyleSpec(SMALL, "小字", align=left, **small),
        StyleSpec(TABLE_TEXT, "表格內文", align=left, left=Pt(0), **small),
        StyleSpec(TABLE_TEXT_CENTER, "表格內文置中", align=center, left=Pt(0), **small),
        StyleSpec(TABLE_HEADER, "表格標題列", bold=True, align=center, left=Pt(0), **small),
        StyleSpec("Header", "header", align=WD_ALIGN_PARAGRAPH.RIGHT, **small),
        StyleSpec("Footer", "footer", align=center, **small),
        *(
            StyleSpec(style_id, f"本文 {n}", left=level.left)
            for n, (style_id, level) in enumerate(zip(BODIES, OFFICIAL_LIST, strict=True), 1)
        ),
    ]


def _heading_specs() -> list[StyleSpec]:
    """Return the heading styles: bound to the official list, bold at level 1 only."""
    return [
        StyleSpec(
            style_id,
            f"heading {n}",
            bold=n == 1,
            left=level.left,
            hanging=level.hanging,
            keep_with_next=n == 1,  # 壹、 stays with its first paragraph
            outline_level=n - 1,
        )
        for n, (style_id, level) in enumerate(zip(HEADINGS, OFFICIAL_LIST, strict=True), 1)
    ]


def _outline_specs() -> list[StyleSpec]:
    """Return the 綱要 styles bound to the minutes list, plain text."""
    return [
        StyleSpec(style_id, f"綱要 {n}", left=level.left, hanging=level.hanging)
        for n, (style_id, level) in enumerate(zip(OUTLINES, MINUTES_LIST, strict=True), 1)
    ]


def new_document(header_text: str | None = None) -> Document:
    """Return a new A4 document with the official styles, lists and page footer.

    `header_text`, when given, becomes a right-aligned 12 pt header kept in one run, so
    it may hold a docxtpl tag such as ``{{ stamp }}``.
    """
    document = docx.Document()
    _set_up_page(document.sections[0])
    _set_up_defaults(document)
    _set_up_font_parts(document)
    for spec in _plain_specs() + _heading_specs() + _outline_specs():
        _define_style(document, spec)
    _bind_list(document, "docgen-official", OFFICIAL_LIST, HEADINGS)
    _bind_list(document, "docgen-minutes", MINUTES_LIST, OUTLINES)
    _add_page_footer(document.sections[0])
    if header_text is not None:
        _add_header(document.sections[0], header_text)
    return document


def _set_up_page(section: Section) -> None:
    """Make `section` A4 portrait with 2.5 cm margins."""
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin = section.bottom_margin = MARGIN
    section.left_margin = section.right_margin = MARGIN
    section.header_distance = section.footer_distance = HEADER_FOOTER_DISTANCE
    section.gutter = Cm(0)


def _set_up_defaults(document: Document) -> None:
    """Set fonts, language, size and spacing in docDefaults and Normal; drop theme fonts."""
    styles = document.styles.element
    for rfonts in styles.iter(qn("w:rFonts")):
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            rfonts.attrib.pop(qn(theme), None)
    r_pr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(r_pr)
    _set_language(r_pr)
    _set_size(r_pr, BODY_PT)
    p_pr = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    p_pr.remove(p_pr.find(qn("w:spacing")))
    normal = document.styles[NORMAL]
    _set_fonts(normal.element.get_or_add_rPr())
    normal.font.size = Pt(BODY_PT)
    _set_spacing(normal, BODY_LINE_PT)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT  # never letter-spaced
    _set_up_settings(document)


def _set_up_font_parts(document: Document) -> None:
    """Describe 標楷體 and Times New Roman in the font table and theme; drop Word 2010's styles.

    python-docx's font table lists Japanese fonts and no 標楷體; it becomes `FONT_TABLE`.
    """
    _replace_part(document, RT.FONT_TABLE, parse_xml(FONT_TABLE))
    _set_up_theme_fonts(document)
    for r_id, rel in list(document.part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:
            document.part.drop_rel(r_id)


def _set_up_theme_fonts(document: Document) -> None:
    """Make the theme's heading and body fonts 標楷體 / Times New Roman.

    The styles name their fonts and use no theme font, but Word formats with theme fonts
    what it adds itself (a built-in style first used in Word, a text box). The East Asian
    theme font is a:ea or the a:font of w:themeFontLang's script (Hant for zh-TW): both
    become 標楷體.
    """
    theme = parse_xml(document.part.part_related_by(RT.THEME).blob)
    for scheme in ("a:majorFont", "a:minorFont"):
        fonts = theme.find(f".//{qn('a:fontScheme')}/{qn(scheme)}")
        fonts.find(qn("a:latin")).set("typeface", LATIN_FONT)
        fonts.find(qn("a:ea")).set("typeface", EAST_ASIAN_FONT)
        for font in fonts.findall(qn("a:font")):
            if font.get("script") == "Hant":
                font.set("typeface", EAST_ASIAN_FONT)
    _replace_part(document, RT.THEME, theme)


def _replace_part(document: Document, reltype: str, element: BaseOxmlElement) -> None:
    """Replace the part the document relates to by `reltype` with one holding `element`."""
    old = document.part.part_related_by(reltype)
    new = XmlPart(old.partname, old.content_type, element, old.package)
    for r_id, rel in list(document.part.rels.items()):
        if rel.reltype == reltype:
            document.part.drop_rel(r_id)
    document.part.relate_to(new, reltype)


def _set_fonts(r_pr: BaseOxmlElement) -> None:
    """Put 標楷體 in the East Asian slot and Times New Roman in the others of `r_pr`."""
    rfonts = r_pr.get_or_add_rFonts()
    rfonts.attrib.clear()
    for slot in ("w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(slot), LATIN_FONT)
    rfonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)


def _set_language(r_pr: BaseOxmlElement) -> None:
    """Mark text in `r_pr` as en-US for Latin and zh-TW for East Asian script."""
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), LANGUAGE)


def _set_size(r_pr: BaseOxmlElement, points: float) -> None:
    """Make `r_pr` `points` large, for all scripts."""
    r_pr.sz_val = Pt(points)
    size_cs = r_pr.find(qn("w:szCs"))
    if size_cs is not None:
        size_cs.set(qn("w:val"), str(round(points * 2)))


def _set_up_settings(document: Document) -> None:
    """Make Word's theme language zh-TW and default tab stops two characters wide.

    Also stop Word and LibreOffice stretching a justified line that ends in a line break:
    text typed with Alt+Enter in a cell keeps its line breaks, and without this compatibility
    flag the line before each break is spread across the full width.
    """
    settings = document.settings.element
    settings.find(qn("w:themeFontLang")).set(qn("w:eastAsia"), LANGUAGE)
    settings.find(qn("w:defaultTabStop")).set(qn("w:val"), str(chars(2).twips))
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = OxmlElement("w:compat")
        settings.append(compat)
    compat.insert(0, OxmlElement("w:doNotExpandShiftReturn"))


def _set_spacing(style: ParagraphStyle, line_pt: float) -> None:
    """Give `style` exact `line_pt` lines and no space around paragraphs."""
    fmt = style.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(line_pt)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY


def find_style(document: Document, style_id: str) -> ParagraphStyle | None:
    """Return the paragraph style whose styleId is `style_id`, or None."""
    for style in document.styles:
        if style.type == WD_STYLE_TYPE.PARAGRAPH and style.style_id == style_id:
            return style
    return None


def define_style(document: Document, spec: StyleSpec) -> ParagraphStyle:
    """Add the paragraph style `spec` describes (a template's own); Return it."""
    return _define_style(document, spec)


def bind_list(
    document: Document, key: str, levels: Sequence[ListLevel], style_ids: Sequence[str]
) -> int:
    """Add a multilevel list numbering the styles `style_ids` level by level; Return its numId.

    The styles must exist (see `define_style`); `key` names the list and seeds its w:nsid.
    """
    return _bind_list(document, key, levels, style_ids)


def _define_style(document: Document, spec: StyleSpec) -> ParagraphStyle:
    """Add the style `spec` describes, or reset the built-in one with its styleId."""
    style = find_style(document, spec.style_id)
    if style is None:
        style = document.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
        style.style_id = spec.style_id
    for tag in ("w:pPr", "w:rPr"):
        for child in style.element.findall(qn(tag)):
            style.element.remove(child)
    style.base_style = document.styles[NORMAL]
    style.quick_style = True
    _apply(style, spec)
    return style


def _apply(style: ParagraphStyle, spec: StyleSpec) -> None:
    """Write the fonts, spacing and indents of `spec` into `style`."""
    style.font.size = Pt(spec.size)
    style.font.bold = True if spec.bold else None
    _set_spacing(style, spec.line)
    fmt = style.paragraph_format
    fmt.alignment = spec.align
    fmt.keep_with_next = True if spec.keep_with_next else None
    if spec.left is not None:
        fmt.left_indent = spec.left
        fmt.first_line_indent = Length(-spec.hanging) if spec.hanging else Pt(0)
    if spec.outline_level is not None:
        _set_outline_level(style, spec.outline_level)


def _set_outline_level(style: ParagraphStyle, level: int) -> None:
    """Make `style` a heading at outline `level` (0 is the top) in Word's navigation."""
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), str(level))
    p_pr = style.element.get_or_add_pPr()
    p_pr.insert_element_before(outline, "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr")


def _bind_list(
    document: Document, key: str, levels: Sequence[ListLevel], style_ids: Sequence[str]
) -> int:
    """Add a multilevel list whose level N numbers style N of `style_ids`; Return its numId."""
    numbering = document.part.numbering_part.element
    abstract_id = 1 + max(
        (int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))),
        default=-1,
    )
    abstract = parse_xml(_abstract_num_xml(abstract_id, key, levels, style_ids))
    first_num = numbering.find(qn("w:num"))
    if first_num is None:
        numbering.append(abstract)
    else:
        first_num.addprevious(abstract)
    num_id = numbering.add_num(abstract_id).numId
    for ilvl, style_id in enumerate(style_ids):
        _set_num_pr(find_style(document, style_id).element.get_or_add_pPr(), num_id, ilvl)
    return num_id


def _abstract_num_xml(
    abstract_id: int, key: str, levels: Sequence[ListLevel], style_ids: Sequence[str]
) -> str:
    """Return the w:abstractNum XML of a list; `key` seeds its stable w:nsid."""
    lvls = "".join(
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{level.num_fmt}"/>'
        f'<w:pStyle w:val="{style_id}"/><w:suff w:val="nothing"/>'
        f'<w:lvlText w:val="{level.text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{level.left.twips}" w:hanging="{level.hanging.twips}"/>'
        "</w:pPr></w:lvl>"
        for ilvl, (level, style_id) in enumerate(zip(levels, style_ids, strict=True))
    )
    return (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:nsid w:val="{crc32(key.encode()):08X}"/>'
        f'<w:multiLevelType w:val="multilevel"/>{lvls}</w:abstractNum>'
    )


def _set_num_pr(p_pr: BaseOxmlElement, num_id: int, ilvl: int) -> None:
    """Put list `num_id` at level `ilvl` into `p_pr`, a paragraph's or a style's."""
    num_pr = p_pr.get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = ilvl
    num_pr.get_or_add_numId().val = num_id


def list_level(paragraph: Paragraph) -> tuple[int, int]:
    """Return (numId, level) of `paragraph`'s numbering, direct or from its style."""
    candidates = [paragraph._p.pPr]
    style = paragraph.style
    while style is not None:
        candidates.append(style.element.pPr)
        style = style.base_style
    for p_pr in candidates:
        num_pr = None if p_pr is None else p_pr.numPr
        if num_pr is not None and num_pr.numId is not None:
            ilvl = 0 if num_pr.ilvl is None else num_pr.ilvl.val
            return num_pr.numId.val, ilvl
    raise ValueError(f"paragraph {paragraph.text[:20]!r} has no list numbering")


def restart_numbering(paragraph: Paragraph, start: int = 1) -> int:
    """Restart `paragraph`'s list at `start` from this paragraph on; Return the new numId.

    Adds a w:num over the same list definition with a w:startOverride at the
    paragraph's level. LibreOffice counts each w:num as a list of its own, so give
    the later paragraphs of the same part (lower levels included) the new numId with
    `use_numbering`; a paragraph that docxtpl repeats keeps it in every copy. Restart
    at the part's first, top-level paragraph.
    """
    num_id, ilvl = list_level(paragraph)
    numbering = paragraph.part.numbering_part.element
    abstract_id = numbering.num_having_numId(num_id).abstractNumId.val
    num = numbering.add_num(abstract_id)
    num.add_lvlOverride(ilvl=ilvl).add_startOverride(start)
    _set_num_pr(paragraph._p.get_or_add_pPr(), num.numId, ilvl)
    return num.numId


def use_numbering(paragraphs: Iterable[Paragraph], num_id: int) -> None:
    """Give each of `paragraphs` list instance `num_id`, keeping its level."""
    for paragraph in paragraphs:
        _, ilvl = list_level(paragraph)
        _set_num_pr(paragraph._p.get_or_add_pPr(), num_id, ilvl)


def add_paragraph(container: Container, text: str = "", style_id: str = NORMAL) -> Paragraph:
    """Add a paragraph of `text` in the style whose styleId is `style_id` to `container`."""
    style = find_style(container.part.document, style_id)
    if style is None:
        raise KeyError(f"no paragraph style with styleId {style_id!r}")
    return container.add_paragraph(text, style)


def add_page_break(document: Document) -> Paragraph:
    """Add a page break at the end of the last paragraph; Return that paragraph.

    Breaking inside the last paragraph, rather than in a paragraph of its own, leaves
    no empty line at the top of the next page.
    """
    paragraphs = document.paragraphs
    paragraph = paragraphs[-1] if paragraphs else document.add_paragraph()
    paragraph.add_run().add_break(WD_BREAK.PAGE)
    return paragraph


def _add_page_footer(section: Section) -> None:
    """Add the centred footer 「第 X 頁，共 Y 頁」 with live PAGE and NUMPAGES fields."""
    paragraph = section.footer.paragraphs[0]
    paragraph.style = find_style(section.part.document, "Footer")
    for index, piece in enumerate(PAGE_FOOTER):
        if index % 2:
            add_field(paragraph, piece)
        else:
            paragraph.add_run(piece)


def _add_header(section: Section, text: str) -> None:
    """Add `text` as the right-aligned header, in a single run."""
    paragraph = section.header.paragraphs[0]
    paragraph.style = find_style(section.part.document, "Header")
    paragraph.add_run(text)


def add_field(paragraph: Paragraph, instruction: str, cached: str = "1") -> None:
    """Add a Word field (fldChar begin/instrText/separate/end) with a cached result."""
    _add_field_char(paragraph, "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    _add_field_char(paragraph, "separate")
    paragraph.add_run(cached)
    _add_field_char(paragraph, "end")


def _add_field_char(paragraph: Paragraph, kind: str) -> None:
    """Add a run holding a w:fldChar of `kind` (begin, separate or end)."""
    field_char = OxmlElement("w:fldChar")
    field_char.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(field_char)


def add_table(container: Container, headers: Sequence[str], widths_cm: Sequence[float]) -> Table:
    """Add a bordered, fixed-width table whose header row repeats on every page.

    Column widths go both into w:tblGrid and into every cell's w:tcW, so Word and
    LibreOffice agree. The header row is bold, centred and shaded light grey.
    """
    if len(headers) != len(widths_cm):
        raise ValueError(f"{len(headers)} headers but {len(widths_cm)} column widths")
    table = container.add_table(rows=1, cols=len(headers))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # w:tblLayout fixed
    _set_table_width(table, widths_cm)
    _set_borders(table)
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    header = table.rows[0]
    _mark_row(header, "w:tblHeader", "w:cantSplit")
    for cell, text, width in zip(header.cells, headers, widths_cm, strict=True):
        cell.width = Cm(width)
        set_cell_text(cell, text, TABLE_HEADER)
        set_cell_shading(cell, HEADER_FILL)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    return table


def add_row(
    table: Table, values: Sequence[str], style_ids: str | Sequence[str] = TABLE_TEXT
) -> _Row:
    """Add a row of `values` that never splits across pages.

    `style_ids` is one styleId for every cell or one per column, e.g.
    ``[TABLE_TEXT_CENTER, TABLE_TEXT, TABLE_TEXT]``.
    """
    if isinstance(style_ids, str):
        style_ids = [style_ids] * len(values)
    row = table.add_row()
    _mark_row(row, "w:cantSplit")
    for cell, value, style_id in zip(row.cells, values, style_ids, strict=True):
        set_cell_text(cell, value, style_id)
    return row


def keep_rows_together(rows: Iterable[_Row]) -> None:
    """Keep each of `rows` on the page of the row after it (keepNext on every paragraph).

    Word and LibreOffice both move a row whose paragraphs keep with the next one to the next
    page together with the row after it.
    """
    for row in rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def never_spill_one_row(table: Table, row: _Row) -> None:
    """Keep the last copy of the loop row `row` on a page with the copy before it.

    `row` lies between ``{%tr for %}`` and ``{%tr endfor %}``: the next-to-last copy keeps
    with the last, so a page never holds only the last row of a table.
    The row becomes ``{%tr if loop.revindex == 2 %}`` a copy keeping with the next row
    ``{%tr else %}`` the row as it was ``{%tr endif %}``; staff editing the template in Word
    see both copies.
    """
    blank = [""] * (len(row.cells) - 1)
    kept = deepcopy(row._tr)
    tags = [add_row(table, [text, *blank]) for text in _SPILL_TAGS]
    row._tr.addprevious(tags[0]._tr)
    row._tr.addprevious(kept)
    row._tr.addprevious(tags[1]._tr)
    row._tr.addnext(tags[2]._tr)
    keep_rows_together([_Row(kept, table)])


_SPILL_TAGS = ("{%tr if loop.revindex == 2 %}", "{%tr else %}", "{%tr endif %}")


def set_cell_text(cell: _Cell, text: str, style_id: str = TABLE_TEXT) -> Paragraph:
    """Replace the text of `cell` with `text` in one paragraph of `style_id`."""
    paragraph = cell.paragraphs[0]
    paragraph.text = text
    paragraph.style = find_style(cell.part.document, style_id)
    return paragraph


def set_cell_shading(cell: _Cell, fill: str) -> None:
    """Shade `cell` with the RGB hex colour `fill`, e.g. ``D9D9D9``."""
    tc_pr = cell._tc.get_or_add_tcPr()
    for old in tc_pr.findall(qn("w:shd")):
        tc_pr.remove(old)
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tc_pr.insert_element_before(
        shading, "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign",
        "w:hideMark", "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange",
    )  # fmt: skip


def merge_down(table: Table, column: int, first_row: int, last_row: int) -> _Cell:
    """Merge a column's cells from `first_row` to `last_row` (w:vMerge); Return the merged cell."""
    return table.cell(first_row, column).merge(table.cell(last_row, column))


def _mark_row(row: _Row, *tags: str) -> None:
    """Switch on the w:trPr flags `tags` (w:tblHeader, w:cantSplit) of `row`."""
    tr_pr = row._tr.get_or_add_trPr()
    for tag in tags:
        if tr_pr.find(qn(tag)) is None:
            tr_pr.append(OxmlElement(tag))


def _set_table_width(table: Table, widths_cm: Sequence[float]) -> None:
    """Set the table's preferred width (w:tblW) to the sum of its columns."""
    tbl_w = table._tbl.tblPr.find(qn("w:tblW"))
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(sum(Cm(width).twips for width in widths_cm)))


def _set_borders(table: Table) -> None:
    """Draw a thin single line around and between all cells of `table`."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        attrs = {"val": "single", "sz": BORDER_SIZE, "space": 0, "color": "auto"}
        for attr, value in attrs.items():
            line.set(qn(f"w:{attr}"), str(value))
        borders.append(line)
    table._tbl.tblPr.insert_element_before(
        borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
        "w:tblDescription", "w:tblPrChange",
    )  # fmt: skip
