"""The official-document format layer: tools/templates/base.py and docgen.office.soffice.

One sample template is built with the base helpers, rendered with docxtpl (a
``{%p for %}`` loop makes the 12 level-2 items), reopened with python-docx to check
the markup, and converted with headless LibreOffice to check what a reader sees.
"""

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docxtpl import DocxTemplate
from pypdf import PdfReader
from tools.templates import base

from docgen.office import soffice as office
from support.pdfcheck import missing_tool, pdf_fonts, pdf_pages, pdf_words

AGENCY = "臺南市南區區公所"
STAMP = "106.8.15"
AGENDA = ("主席致詞", "報告事項", "討論事項")
ITEMS = [f"第{n}項風險態樣：公務員登載不實，涉及刑法第213條" for n in range(1, 13)]
BODY = (
    "依據市府106年7月6日府政預字第1060699847號函辦理，彙整公務員登載不實（刑法第213條）"
    "及利用職務上機會詐取財物（貪污治罪條例第5條第1項第2款）等案例，研提防治措施。"
)
HEADERS = ["序號", "單位", "風險項目", "備註"]
WIDTHS_CM = [1.5, 3.0, 8.5, 3.0]
TABLE_ROWS = 40
ROW_TEXT = "急難救助金重複請領"
ROW_STYLES = [base.TABLE_TEXT_CENTER, base.TABLE_TEXT, base.TABLE_TEXT, base.TABLE_TEXT]

MARGIN_PT = 2.5 / 2.54 * 72
CHAR_PT = 16.0
TWIPS_PER_CHAR = 320

OFFICIAL = [
    ("Heading1", "ideographLegalTraditional", "%1、", 0),
    ("Heading2", "taiwaneseCountingThousand", "%2、", 1),
    ("Heading3", "taiwaneseCountingThousand", "（%3）", 2),
    ("Heading4", "decimal", "%4、", 3),
    ("Heading5", "decimal", "（%5）", 4),
]
MINUTES = [
    ("Outline1", "taiwaneseCountingThousand", "%1、", 0),
    ("Outline2", "taiwaneseCountingThousand", "（%2）", 1),
    ("Outline3", "decimal", "%3、", 2),
    ("Outline4", "decimal", "（%4）", 3),
]
# Text each outline label must start, with where the label starts (characters in).
LABELS = [
    ("壹、專案緣起", 0),
    ("一、第1項", 1),
    ("十一、第11項", 1),
    ("十二、第12項", 1),
    ("（一）風險因子", 2),
    ("1、制度面", 3),
    ("（1）未建立複核機制", 4),
    ("貳、風險評估", 0),
]


def build_template(path: Path) -> None:
    """Write a pack-like template using every base helper."""
    doc = base.new_document(header_text="{{ stamp }}")
    base.add_paragraph(doc, "{{ agency }}", base.COVER_TITLE)
    base.add_paragraph(doc, "廉政細工專案座談會會議資料", base.COVER_TITLE)
    base.add_page_break(doc)
    base.add_paragraph(doc, "{{ agency }}　會議資料", base.TITLE)
    base.add_paragraph(doc, "基層扎根廉政工程三部曲", base.SUBTITLE)
    base.add_paragraph(doc, "日期：中華民國106年8月15日（星期二）下午2時", base.SMALL)
    for item in AGENDA:
        base.add_paragraph(doc, item, base.OUTLINES[0])
    base.add_paragraph(doc, "專案緣起", base.HEADINGS[0])
    base.add_paragraph(doc, BODY, base.BODIES[0])
    base.add_paragraph(doc, "{%p for item in items %}")
    base.add_paragraph(doc, "{{ item }}", base.HEADINGS[1])
    base.add_paragraph(doc, "{%p endfor %}")
    base.add_paragraph(doc, "風險因子", base.HEADINGS[2])
    base.add_paragraph(doc, BODY, base.BODIES[2])
    base.add_paragraph(doc, "制度面", base.HEADINGS[3])
    base.add_paragraph(doc, "未建立複核機制", base.HEADINGS[4])
    base.add_paragraph(doc, BODY, base.BODIES[4])
    base.add_paragraph(doc, "風險評估", base.HEADINGS[0])
    base.add_paragraph(doc, "下層重新起算", base.HEADINGS[1])
    table = base.add_table(doc, HEADERS, WIDTHS_CM)
    for n in range(1, TABLE_ROWS + 1):
        base.add_row(table, [str(n), "社會課", f"{ROW_TEXT}（{n}）", ""], ROW_STYLES)
    first = base.add_paragraph(doc, "時間", base.OUTLINES[0])
    minutes = base.restart_numbering(first)
    rest = [
        base.add_paragraph(doc, "地點", base.OUTLINES[0]),
        base.add_paragraph(doc, "出席人員", base.OUTLINES[1]),
        base.add_paragraph(doc, "各課室主管", base.OUTLINES[2]),
        base.add_paragraph(doc, "社會課課長", base.OUTLINES[3]),
    ]
    base.use_numbering(rest, minutes)
    doc.save(path)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("format") / "sample-template.docx"
    build_template(path)
    return path


@pytest.fixture(scope="module")
def rendered(template: Path) -> Path:
    tpl = DocxTemplate(str(template))
    tpl.render({"agency": AGENCY, "stamp": STAMP, "items": ITEMS})
    path = template.with_name("sample.docx")
    tpl.save(str(path))
    return path


@pytest.fixture(scope="module")
def document(rendered: Path) -> docx.document.Document:
    return docx.Document(str(rendered))


@pytest.fixture(scope="module")
def pdf(rendered: Path, soffice: Path) -> Path:
    return office.convert(rendered, "pdf", rendered.parent / "pdf")


# --- the .docx markup ---------------------------------------------------------------


def style(document: docx.document.Document, style_id: str):
    found = base.find_style(document, style_id)
    assert found is not None, style_id
    return found


def test_doc_defaults_put_each_script_in_its_font_slot(document):
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rfonts = defaults.find(f".//{qn('w:rFonts')}")
    assert rfonts.get(qn("w:eastAsia")) == "標楷體"
    for slot in ("w:ascii", "w:hAnsi", "w:cs"):
        assert rfonts.get(qn(slot)) == "Times New Roman"
    assert defaults.find(f".//{qn('w:lang')}").get(qn("w:eastAsia")) == "zh-TW"
    assert defaults.find(f".//{qn('w:sz')}").get(qn("w:val")) == "32"  # 16 pt
    normal_fonts = style(document, "Normal").element.rPr.rFonts
    assert normal_fonts.get(qn("w:eastAsia")) == "標楷體"
    assert normal_fonts.get(qn("w:ascii")) == "Times New Roman"


def test_no_theme_font_overrides_the_named_fonts(document):
    for rfonts in document.styles.element.iter(qn("w:rFonts")):
        assert not [name for name in rfonts.attrib if "heme" in name], rfonts.attrib


def test_font_table_describes_kai_as_word_does_and_no_japanese_font(document):
    table = parse_xml(document.part.part_related_by(RT.FONT_TABLE).blob)
    fonts = {font.get(qn("w:name")): font for font in table.findall(qn("w:font"))}
    assert set(fonts) == {"標楷體", "Times New Roman"}

    def value(font: str, tag: str) -> str:
        return fonts[font].find(qn(tag)).get(qn("w:val"))

    assert value("標楷體", "w:altName") == "DFKai-SB"
    assert value("標楷體", "w:charset") == "88"  # Big5: Traditional Chinese
    assert value("標楷體", "w:panose1") == "03000509000000000000"
    assert value("Times New Roman", "w:charset") == "00"


def test_theme_fonts_are_kai_and_times(document):
    theme = parse_xml(document.part.part_related_by(RT.THEME).blob)
    for scheme in ("a:majorFont", "a:minorFont"):
        fonts = theme.find(f".//{qn(scheme)}")
        assert fonts.find(qn("a:latin")).get("typeface") == "Times New Roman"
        assert fonts.find(qn("a:ea")).get("typeface") == "標楷體"
        scripts = {font.get("script"): font.get("typeface") for font in fonts.iter(qn("a:font"))}
        assert scripts["Hant"] == "標楷體"


def test_no_word_2010_copy_of_the_default_styles(document):
    reltypes = [rel.reltype for rel in document.part.rels.values()]
    assert not [reltype for reltype in reltypes if reltype.endswith("/stylesWithEffects")]


def test_normal_is_16pt_exact_26pt_left_aligned_without_spacing(document):
    """Left, not justified: a 文號 carried whole to the next line must not letter-space the rest.

    A line of full-width characters still fills the measure exactly (tests/office/test_layout.py
    checks no printed line is letter-spaced).
    """
    normal = style(document, "Normal")
    fmt = normal.paragraph_format
    assert normal.font.size == Pt(16)
    assert (fmt.line_spacing, fmt.line_spacing_rule) == (Pt(26), WD_LINE_SPACING.EXACTLY)
    assert fmt.space_before == fmt.space_after == 0
    assert fmt.alignment in (None, WD_ALIGN_PARAGRAPH.LEFT)


@pytest.mark.parametrize(
    ("style_id", "size", "bold", "align"),
    [
        ("Title", 20, True, WD_ALIGN_PARAGRAPH.CENTER),
        ("Subtitle", 16, True, WD_ALIGN_PARAGRAPH.CENTER),
        ("CoverTitle", 28, True, WD_ALIGN_PARAGRAPH.CENTER),
        ("Heading1", 16, True, None),
        ("Heading2", 16, None, None),
        ("Heading3", 16, None, None),
        ("Heading4", 16, None, None),
        ("Heading5", 16, None, None),
        ("Body1", 16, None, None),
        ("Outline1", 16, None, None),
        ("Small", 12, None, WD_ALIGN_PARAGRAPH.LEFT),
        ("TableText", 12, None, WD_ALIGN_PARAGRAPH.LEFT),
        ("TableTextCenter", 12, None, WD_ALIGN_PARAGRAPH.CENTER),
        ("TableHeader", 12, True, WD_ALIGN_PARAGRAPH.CENTER),
    ],
)
def test_paragraph_styles(document, style_id, size, bold, align):
    found = style(document, style_id)
    assert found.font.size == Pt(size)
    assert found.font.bold is bold
    assert found.paragraph_format.alignment == align
    assert found.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY


def list_level(document, style_id):
    """Return the w:lvl that numbers `style_id`, found through the style's w:numPr."""
    num_pr = style(document, style_id).element.pPr.numPr
    numbering = document.part.numbering_part.element
    abstract_id = numbering.num_having_numId(num_pr.numId.val).abstractNumId.val
    (abstract,) = numbering.xpath(f'w:abstractNum[@w:abstractNumId="{abstract_id}"]')
    (lvl,) = [
        el for el in abstract.iter(qn("w:lvl")) if el.get(qn("w:ilvl")) == str(num_pr.ilvl.val)
    ]
    return lvl


@pytest.mark.parametrize(("style_id", "num_fmt", "text", "indent"), OFFICIAL + MINUTES)
def test_outline_styles_are_bound_to_word_lists(document, style_id, num_fmt, text, indent):
    lvl = list_level(document, style_id)
    assert lvl.find(qn("w:numFmt")).get(qn("w:val")) == num_fmt
    assert lvl.find(qn("w:lvlText")).get(qn("w:val")) == text
    assert lvl.find(qn("w:pStyle")).get(qn("w:val")) == style_id
    assert lvl.find(qn("w:suff")).get(qn("w:val")) == "nothing"  # label, then text: no tab
    assert lvl.find(qn("w:lvlRestart")) is None  # lower levels restart under a new parent
    ind = lvl.find(f"{qn('w:pPr')}/{qn('w:ind')}")
    left, hanging = int(ind.get(qn("w:left"))), int(ind.get(qn("w:hanging")))
    assert left - hanging == indent * TWIPS_PER_CHAR  # one more character per level
    fmt = style(document, style_id).paragraph_format
    assert (fmt.left_indent.twips, -fmt.first_line_indent.twips) == (left, hanging)


@pytest.mark.parametrize("level", range(5))
def test_body_styles_align_with_heading_text(document, level):
    heading = style(document, base.HEADINGS[level]).paragraph_format
    body = style(document, base.BODIES[level]).paragraph_format
    assert body.left_indent == heading.left_indent
    assert not body.first_line_indent


def test_restart_numbering_gives_the_minutes_a_new_list(document):
    paragraphs = [p for p in document.paragraphs if p.style.style_id in base.OUTLINES]
    agenda, minutes = paragraphs[: len(AGENDA)], paragraphs[len(AGENDA) :]
    assert all(p._p.pPr.numPr is None for p in agenda)  # numbered through the style
    num_ids = {p._p.pPr.numPr.numId.val for p in minutes}
    assert len(num_ids) == 1
    (num,) = document.part.numbering_part.element.xpath(f'w:num[@w:numId="{num_ids.pop()}"]')
    override = num.find(qn("w:lvlOverride"))
    assert override.get(qn("w:ilvl")) == "0"
    assert override.find(qn("w:startOverride")).get(qn("w:val")) == "1"
    levels = [p._p.pPr.numPr.ilvl.val for p in minutes]
    assert levels == [0, 0, 1, 2, 3]


def test_page_is_a4_portrait_with_25mm_margins(document):
    section = document.sections[0]
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert {margin.twips for margin in margins} == {Cm(2.5).twips}


def test_footer_holds_page_and_numpages_fields(document):
    paragraph = document.sections[0].footer.paragraphs[0]
    sequence = [
        el.get(qn("w:fldCharType")) if el.tag == qn("w:fldChar") else el.text.strip()
        for el in paragraph._p.iter(qn("w:fldChar"), qn("w:instrText"))
    ]
    page, numpages = ["begin", "PAGE", "separate", "end"], ["begin", "NUMPAGES", "separate", "end"]
    assert sequence == [*page, *numpages]
    assert paragraph.text == "第 1 頁，共 1 頁"  # cached field results
    assert paragraph.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_header_tag_sits_in_one_run_for_docxtpl(template, document):
    runs = docx.Document(str(template)).sections[0].header.paragraphs[0].runs
    assert [run.text for run in runs] == ["{{ stamp }}"]
    header = document.sections[0].header.paragraphs[0]
    assert header.text == STAMP
    assert header.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert header.style.font.size == Pt(12)


def test_table_markup(document):
    table = document.tables[0]
    assert len(table.rows) == TABLE_ROWS + 1
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    widths = [Cm(w).twips for w in WIDTHS_CM]
    assert [column.width.twips for column in table.columns] == widths
    for row in table.rows:
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None
        assert [cell.width.twips for cell in row.cells] == widths
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    edges = {el.tag.split("}")[1]: el.get(qn("w:sz")) for el in borders}
    assert edges == dict.fromkeys(["top", "left", "bottom", "right", "insideH", "insideV"], "4")


def test_table_header_row_is_bold_centred_and_grey(document):
    for cell, text in zip(document.tables[0].rows[0].cells, HEADERS, strict=True):
        assert cell.text == text
        assert cell.paragraphs[0].style.style_id == base.TABLE_HEADER
        assert cell._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) == base.HEADER_FILL
    body_styles = [cell.paragraphs[0].style.style_id for cell in document.tables[0].rows[1].cells]
    assert body_styles == ROW_STYLES


def test_add_table_in_a_cell_and_checks_widths():
    doc = base.new_document()
    outer = base.add_table(doc, ["外"], [16])
    inner = base.add_table(outer.rows[0].cells[0], ["甲", "乙"], [4, 5])
    assert [column.width.twips for column in inner.columns] == [Cm(4).twips, Cm(5).twips]
    with pytest.raises(ValueError, match="2 headers but 1 column widths"):
        base.add_table(doc, ["甲", "乙"], [4])


def test_restart_numbering_refuses_an_unnumbered_paragraph():
    doc = base.new_document()
    with pytest.raises(ValueError, match="no list numbering"):
        base.restart_numbering(base.add_paragraph(doc, "本文", base.BODIES[0]))


# --- what LibreOffice renders ----------------------------------------------------------


def squeeze(text: str) -> str:
    """Return `text` without whitespace (pdftotext spaces out digits among Chinese)."""
    return re.sub(r"\s+", "", text)


def pdf_lines(pdf: Path) -> list[str]:
    return [squeeze(line) for page in pdf_pages(pdf) for line in page.splitlines() if line.strip()]


def test_pdf_shows_every_outline_label(pdf):
    lines = pdf_lines(pdf)
    for label, _ in LABELS:
        assert any(line.startswith(label) for line in lines), label
    assert not any(line.startswith("一一、") for line in lines)  # 11 is 十一, not 一一


def test_pdf_restarts_lower_levels_and_the_minutes_list(pdf):
    lines = pdf_lines(pdf)
    outline = [line for line in lines if re.match(r"^[壹貳一二三四五六七八九十]+、", line)]
    second_chapter = outline.index("貳、風險評估")
    assert outline[second_chapter + 1] == "一、下層重新起算"
    agenda = [f"{n}、{item}" for n, item in zip("一二三", AGENDA, strict=True)]
    assert outline[:3] == agenda
    assert outline[-2:] == ["一、時間", "二、地點"]
    assert [line for line in lines if line in ("（一）出席人員", "1、各課室主管")] == [
        "（一）出席人員",
        "1、各課室主管",
    ]


def test_pdf_footer_counts_pages(pdf):
    pages = pdf_pages(pdf)
    total = len(PdfReader(pdf).pages)
    assert len(pages) == total >= 3
    for number, page in enumerate(pages, 1):
        assert f"第{number}頁，共{total}頁" in squeeze(page)
        assert STAMP in page


def test_pdf_uses_taiwanese_kai_and_times_metrics(pdf):
    fonts = pdf_fonts(pdf)
    assert any("TW-Kai" in font for font in fonts), fonts
    assert any(font.startswith("LiberationSerif") for font in fonts), fonts
    allowed = re.compile(r"TW-Kai|UMingTW|CJKtc|LiberationSerif")
    assert all(allowed.search(font) for font in fonts), fonts  # no SC/JP/CN/DejaVu fallback


def test_pdf_table_header_repeats_on_each_page(pdf):
    header = squeeze("".join(HEADERS))
    table_pages = [page for page in pdf_pages(pdf) if ROW_TEXT in squeeze(page)]
    assert len(table_pages) >= 2
    for page in table_pages:
        text = squeeze(page)
        assert header in text
        assert text.index(header) < text.index(ROW_TEXT)


def line_starts(pdf: Path) -> dict[str, float]:
    """Return each printed line's squeezed text with the x where it starts."""
    lines: dict[tuple[int, float], list] = {}
    for word in pdf_words(pdf):
        lines.setdefault((word.page, round(word.y)), []).append(word)
    starts = {}
    for words in lines.values():
        words.sort(key=lambda w: w.x)
        starts[squeeze("".join(w.text for w in words))] = words[0].x
    return starts


def test_pdf_places_labels_one_character_further_in_per_level(pdf):
    starts = line_starts(pdf)
    for label, indent in LABELS:
        (x,) = [x for text, x in starts.items() if text.startswith(label)]
        assert x == pytest.approx(MARGIN_PT + indent * CHAR_PT, abs=0.6), label


def test_pdf_page_is_a4_with_text_inside_the_margins(pdf):
    page = PdfReader(pdf).pages[1]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
        (595.3, 841.9), abs=0.5
    )
    words = [w for w in pdf_words(pdf) if w.page > 1]
    assert min(w.x for w in words) == pytest.approx(MARGIN_PT, abs=0.6)
    assert max(w.x_max for w in words) <= 595.3 - MARGIN_PT + 0.6


# --- plain LibreOffice: what a reader without 標楷體 sees -------------------------------

# With FC_DEBUG=1, fontconfig prints each query ("Match Pattern", the requested family
# first) and its answer (after "Best score": the face's family and PostScript name).
FC_REQUEST = re.compile(r'^\tfamily: "([^"]*)"', re.MULTILINE)
FC_ANSWER = re.compile(r'Best score.*?\tfamily: "([^"]*)".*?\tpostscriptname: "([^"]*)"', re.S)
TRADITIONAL = re.compile(r"\b(TC|TW)\b")  # Noto Sans CJK TC, AR PL UKai TW, TW-Kai, …


@dataclass(frozen=True)
class PlainConversion:
    """A PDF made by LibreOffice as a reader runs it, and fontconfig's answers for 標楷體."""

    pdf: Path
    faces: list[tuple[str, str]]  # (family, PostScript name) of each face chosen


@pytest.fixture(scope="module")
def plain(rendered: Path, soffice: Path) -> PlainConversion:
    """Convert with plain headless LibreOffice: no docgen fontconfig file, a fresh profile."""
    out_dir = rendered.parent / "plain"
    env = {key: value for key, value in os.environ.items() if key != "FONTCONFIG_FILE"}
    env["FC_DEBUG"] = "1"  # fontconfig: print every match
    command = [
        str(soffice),
        f"-env:UserInstallation={(rendered.parent / 'plain-profile').as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out_dir),
        str(rendered),
    ]
    log = subprocess.run(
        command, env=env, capture_output=True, timeout=180, check=True
    ).stdout.decode("utf-8", "replace")
    faces = []
    for query in log.split("Match Pattern has")[1:]:
        request, answer = FC_REQUEST.search(query), FC_ANSWER.search(query)
        if request and answer and request.group(1) == "標楷體":
            faces.append(answer.groups())
    if not faces:
        missing_tool("LibreOffice asked fontconfig for no substitute of 標楷體: installed?")
    return PlainConversion(out_dir / f"{rendered.stem}.pdf", faces)


def test_plain_libreoffice_substitutes_a_traditional_chinese_face(plain):
    """The zh-TW w:lang leads fontconfig to a TC/TW face; without it, to Noto Sans CJK SC."""
    assert all(TRADITIONAL.search(family) for family, _ in plain.faces), plain.faces


def test_plain_libreoffice_pdf_sets_chinese_in_those_faces(plain):
    """The Chinese fonts in the PDF are the faces fontconfig chose for 標楷體.

    The faces of the Noto CJK collection share one CFF table, named after the Japanese
    face, so the PDF names Noto Sans CJK TC "NotoSansCJKjp-…": compare without the region.
    """

    def collection(name: str) -> str:
        return re.sub(r"CJK(jp|kr|sc|tc|hk)", "CJK", name)

    fonts = pdf_fonts(plain.pdf)
    chinese = [font for font in fonts if not font.startswith("LiberationSerif")]
    assert chinese, fonts
    chosen = {collection(name) for _, name in plain.faces}
    for font in chinese:
        assert any(collection(font).startswith(name) for name in chosen), (font, plain.faces)


# --- docgen.office.soffice -----------------------------------------------------------------------


def test_convert_names_the_file_when_docgen_soffice_is_wrong(monkeypatch, tmp_path):
    monkeypatch.setenv("DOCGEN_SOFFICE", str(tmp_path / "no-soffice"))
    message = "無法轉換 a.docx；請安裝 LibreOffice"
    with pytest.raises(office.OfficeNotFound, match=re.escape(message)):
        office.convert(tmp_path / "a.docx", "pdf", tmp_path)


def test_convert_names_the_file_when_libreoffice_is_missing(monkeypatch, tmp_path):
    monkeypatch.delenv("DOCGEN_SOFFICE", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    message = (
        "找不到 LibreOffice（soffice），無法轉換 a.docx；請安裝 LibreOffice 或設定 DOCGEN_SOFFICE"
    )
    with pytest.raises(office.OfficeNotFound, match=re.escape(message)):
        office.convert(tmp_path / "a.docx", "pdf", tmp_path)


def test_convert_refuses_a_missing_source(soffice, tmp_path):
    with pytest.raises(office.ConversionFailed, match="找不到要轉換的檔案"):
        office.convert(tmp_path / "a.docx", "pdf", tmp_path / "out")


def test_convert_timeout_leaves_no_output(rendered, soffice, tmp_path):
    with pytest.raises(office.ConversionFailed, match=re.escape("超過 0.2 秒")):
        office.convert(rendered, "pdf", tmp_path, timeout=0.2)
    assert list(tmp_path.iterdir()) == []
