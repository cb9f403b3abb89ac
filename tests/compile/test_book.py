"""The 彙編 compiled from 20 generated submissions and one report written by hand."""

import io
import re
from collections import defaultdict

import docx
from lxml import etree

from compile.conftest import COUNT, HANDWRITTEN
from docgen.compile import compile_book
from docgen.compile.outline import normal_key
from support.docx_text import docx_parts, docx_text
from support.submissions import HANDWRITTEN_ITEMS, HANDWRITTEN_LABEL, POOL, png, submission

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS = {"w": W, "r": R, "a": A}
LABEL = re.compile(
    r"^[壹貳參肆伍陸柒捌玖拾]+、|^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）"
)


def lines(data: bytes) -> list[str]:
    return docx_text(data).splitlines()


def styled(data: bytes, style: str) -> list[str]:
    """Return the text of every paragraph in ``style``, its number label dropped."""
    prefix = f"[{style}] "
    return [LABEL.sub("", line[len(prefix) :]) for line in lines(data) if line.startswith(prefix)]


def document(data: bytes) -> etree._Element:
    return etree.fromstring(docx_parts(data)["word/document.xml"])


def expected_cases() -> set[tuple[str, str, str]]:
    """Return (業務類別, pattern key, agency) of every generated case."""
    found = set()
    for number in range(COUNT):
        data = submission(number)
        for entry in data["entries"]:
            found.add((entry["business_type"], normal_key(entry["title"]), data["agency"]))
    return found


def book_cases(data: bytes) -> set[tuple[str, str, str]]:
    """Return (chapter, section key, agency) of every case heading in the book."""
    found, chapter, section = set(), "", ""
    for line in lines(data):
        if line.startswith("[Heading1] "):
            chapter = LABEL.sub("", line[11:])
        elif line.startswith("[Heading2] "):
            section = normal_key(LABEL.sub("", line[11:]))
        elif line.startswith("[Heading3] "):
            found.add((chapter, section, LABEL.sub("", line[11:])))
    return found


def test_the_report_counts_agencies_cases_and_the_hand_written_one(compiled):
    report, _ = compiled
    assert len(report.agencies) == COUNT + 1
    assert report.cases == COUNT * 6
    assert [r.path.name for r in report.handwritten] == [HANDWRITTEN]
    assert report.skipped == [] and report.problems == []


def test_cover_editorial_and_contents_come_before_the_chapters(compiled):
    _, data = compiled
    text = docx_text(data)
    order = [
        "[CoverAgency] 臺南市政府",
        "[CoverTitle] 廉政細工防貪策略彙編",
        "[CoverYear] 106年度",
        "[PartTitle] 編輯說明",
        "[TocHeading] 目　　錄",
        "[Heading1] 壹、",
        "[PartTitle] 各機關自行撰寫之陳報資料",
        "[PartTitle] 各機關陳報態樣索引",
        "[PartTitle] 跨機關弊端態樣索引",
    ]
    places = [text.index(marker) for marker in order]
    assert places == sorted(places)


def test_the_editorial_says_what_was_compiled(compiled):
    _, data = compiled
    editorial = " ".join(styled(data, "Outline1") + styled(data, "Outline2"))
    assert f"本彙編收錄{COUNT + 1}個機關" in editorial
    assert f"計{COUNT * 6}則案例" in editorial
    assert f"臺南市東區區公所（{HANDWRITTEN}）" in editorial
    assert all(submission(n)["agency"] in editorial for n in range(COUNT))


def test_chapters_are_the_business_types_and_each_case_names_its_agency(compiled):
    _, data = compiled
    assert sorted(styled(data, "Heading1")) == sorted({p.business for p in POOL})
    assert book_cases(data) == expected_cases()


def test_one_pattern_worded_differently_is_one_section(compiled):
    _, data = compiled
    sections = styled(data, "Heading2")
    assert len(sections) == len(POOL)  # every generated wording folds into its pattern
    assert all(not title.endswith("。") for title in sections)


def test_the_agency_index_lists_each_agency_with_its_patterns(compiled):
    _, data = compiled
    text = docx_text(data)
    index = text[
        text.index("[PartTitle] 各機關陳報態樣索引") : text.index("[PartTitle] 跨機關弊端態樣索引")
    ]
    for number in range(COUNT):
        entry = submission(number)
        assert f"[IndexGroup] {entry['agency']}（6則）" in index
        group = index.split(f"[IndexGroup] {entry['agency']}（6則）")[1].split("[IndexGroup]")[0]
        for case in entry["entries"]:
            assert f"[TableText] {case['title']} |" in group
    assert "[IndexGroup] 臺南市東區區公所 " in index
    assert "自行撰寫之陳報資料，照原文收錄" in index


def test_the_pattern_index_names_every_agency_sharing_a_pattern(compiled):
    _, data = compiled
    agencies = defaultdict(set)
    for number in range(COUNT):
        entry = submission(number)
        for case in entry["entries"]:
            agencies[normal_key(case["title"])].add(entry["agency"])
    text = docx_text(data)
    index = text[text.index("[PartTitle] 跨機關弊端態樣索引") :]
    groups = re.findall(r"\[IndexGroup\] (.+?)（(\d+)個機關）", index)
    assert len(groups) == len(POOL)
    counts = [int(count) for _, count in groups]
    assert counts == sorted(counts, reverse=True)
    for title, count in groups:
        assert int(count) == len(agencies[normal_key(title)])
        rows = index.split(f"[IndexGroup] {title}（{count}個機關）")[1].split("[IndexGroup]")[0]
        assert {a for a in agencies[normal_key(title)] if f"[TableText] {a} |" in rows} == agencies[
            normal_key(title)
        ]


def test_index_places_are_the_numbers_the_headings_show(compiled):
    _, data = compiled
    headings, chapter, section = {}, "", ""
    for line in lines(data):
        for level, style in enumerate(("[Heading1] ", "[Heading2] ", "[Heading3] ")):
            if line.startswith(style):
                label = LABEL.match(line[len(style) :]).group()
                if level == 0:
                    chapter = label
                elif level == 1:
                    section = label
                else:
                    headings[f"{chapter}{section}{label}"] = LABEL.sub("", line[len(style) :])
    text = docx_text(data)
    index = text[text.index("[PartTitle] 跨機關弊端態樣索引") :]
    row = r"\[TableText\] ([^|]+?) \| \[TableText\] [^|]+ \| \[TableTextCenter\] (\S+?) \|"
    shown = re.findall(row, index)
    assert len(shown) == COUNT * 6
    for agency, place in shown:
        chapter, section, case = place.split("、")
        assert headings[f"{chapter}、{section}、{case}"] == agency


def test_the_table_of_contents_is_a_field_over_outline_levels(compiled):
    _, data = compiled
    root = document(data)
    codes = [node.text for node in root.iter(f"{{{W}}}instrText")]
    assert any(re.fullmatch(r' TOC \\o "1-2" \\h \\z \\u ', code) for code in codes)
    styles = etree.fromstring(docx_parts(data)["word/styles.xml"])
    levels = {
        style.get(f"{{{W}}}styleId"): style.find(".//w:outlineLvl", NS).get(f"{{{W}}}val")
        for style in styles.iter(f"{{{W}}}style")
        if style.find(".//w:outlineLvl", NS) is not None
    }
    assert levels["Heading1"] == "0" and levels["Heading2"] == "1"
    assert levels["PartTitle"] == "0" and levels["AppendixHeading"] == "1"
    marks = {node.get(f"{{{W}}}name") for node in root.iter(f"{{{W}}}bookmarkStart")}
    anchors = {node.get(f"{{{W}}}anchor") for node in root.iter(f"{{{W}}}hyperlink")}
    pages = {re.search(r"PAGEREF (\S+)", code).group(1) for code in codes if "PAGEREF" in code}
    assert anchors and anchors <= marks
    assert len(pages) > COUNT * 6 and pages <= marks
    ids = [node.get(f"{{{W}}}id") for node in root.iter(f"{{{W}}}bookmarkStart")]
    assert len(ids) == len(set(ids))


def test_the_hand_written_report_keeps_its_own_numbering(compiled):
    _, data = compiled
    parts = docx_parts(data)
    numbering = etree.fromstring(parts["word/numbering.xml"])
    own = {
        abstract.get(f"{{{W}}}abstractNumId")
        for abstract in numbering.iter(f"{{{W}}}abstractNum")
        if abstract.find(".//w:lvlText", NS).get(f"{{{W}}}val") == HANDWRITTEN_LABEL
    }
    assert len(own) == 1
    nums = {
        num.get(f"{{{W}}}numId")
        for num in numbering.iter(f"{{{W}}}num")
        if num.find("w:abstractNumId", NS).get(f"{{{W}}}val") in own
    }
    items = [
        paragraph
        for paragraph in document(data).iter(f"{{{W}}}p")
        if "".join(paragraph.itertext()) in HANDWRITTEN_ITEMS
    ]
    assert len(items) == len(HANDWRITTEN_ITEMS)
    for paragraph in items:
        assert paragraph.find("w:pPr/w:numPr/w:numId", NS).get(f"{{{W}}}val") in nums


def test_the_hand_written_report_keeps_its_image(compiled):
    _, data = compiled
    parts = docx_parts(data)
    blips = list(document(data).iter(f"{{{A}}}blip"))
    assert len(blips) == 1
    target = blips[0].get(f"{{{R}}}embed")
    rels = etree.fromstring(parts["word/_rels/document.xml.rels"])
    (media,) = [rel.get("Target") for rel in rels if rel.get("Id") == target]
    assert parts[f"word/{media}"] == png()
    assert (
        "image/png" in parts["[Content_Types].xml"].decode()
        or b'Extension="png"' in parts["[Content_Types].xml"]
    )


def test_the_book_reopens_with_its_title_and_the_official_page(compiled):
    _, data = compiled
    book = docx.Document(io.BytesIO(data))
    assert book.core_properties.title == "廉政細工防貪策略彙編"
    section = book.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert section.different_first_page_header_footer  # no page number on the cover


def test_the_same_submissions_give_the_same_book(submissions, compiled, tmp_path):
    _, data = compiled
    compile_book([submissions], tmp_path / "again.docx")
    assert (tmp_path / "again.docx").read_bytes() == data
