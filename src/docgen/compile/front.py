"""The front matter of the 彙編: the cover, the 編輯說明 and the table of contents.

The 編輯說明 says what was compiled (agencies, cases, chapters), how the book is ordered, how
risk levels read, which reports were written by hand and appended as they are, and which files
were left out and why. The table of contents is a TOC field over outline levels 1–2 whose
cached entries already carry PAGEREF fields, so its page numbers are right before any update.
"""

from __future__ import annotations

from collections.abc import Sequence

from docgen.compile import numerals, styles
from docgen.compile import wordml as ml
from docgen.compile.book import APPENDIX, NOT_RATED, Book, heading
from docgen.compile.gather import Left
from docgen.model.dates import ROC_OFFSET

CITY = "臺南市政府"
TITLE = "廉政細工防貪策略彙編"
PUBLISHER = "臺南市政府政風處"
EDITORIAL = "編輯說明"
CONTENTS = "目　　錄"
TOC_INSTRUCTION = 'TOC \\o "1-2" \\h \\z \\u'
SCALE = (
    "風險值＝可能性×影響程度。可能性：1幾乎不可能、2可能、3幾乎確定；影響程度：1輕微、2嚴重、"
    "3非常嚴重；風險值6至9為高、3至4為中、1至2為低"
)


def cover(book: Book) -> str:
    """Return the cover: the city, the title, the year and the imprint."""
    printed = f"中華民國{book.moment.year - ROC_OFFSET}年{book.moment.month}月"
    return "".join(
        (
            ml.paragraph(CITY, styles.COVER_AGENCY),
            ml.paragraph(TITLE, styles.COVER_TITLE),
            ml.paragraph(f"{book.year}年度", styles.COVER_YEAR),
            ml.paragraph(f"{PUBLISHER}　編印\n{printed}", styles.COVER_IMPRINT),
        )
    )


def _listing(items: Sequence[str]) -> str:
    return "、".join(items)


def _collected(book: Book) -> str:
    data, hand = len(book.reports), len(book.appended)
    text = (
        f"本彙編收錄{data + hand}個機關（學校）陳報之廉政細工專案防貪策略資料："
        f"{data}個機關陳報之資料計{book.cases}則案例，依業務類別分為{len(book.outline.chapters)}章、"
        f"{book.outline.sections}節（弊端態樣）編排"
    )
    if hand:
        text += f"；另{hand}個機關自行撰寫之陳報資料，照原文收錄於「{APPENDIX}」"
    return text + "。"


def _years(book: Book) -> list[str]:
    if len(book.years) < 2:
        return []
    shown = _listing([f"{year}年度" for year in book.years])
    return [f"各機關陳報資料之年度為{shown}，本彙編以最新之{book.year}年度為準。"]


def _left(title: str, left: Sequence[Left]) -> list[str]:
    if not left:
        return []
    return [
        ml.paragraph(f"{title}（{len(left)}個檔案）：", styles.OUTLINES[0]),
        *(ml.paragraph(f"{item.path.name}：{item.reason}。", styles.OUTLINES[1]) for item in left),
    ]


def _editorial_items(book: Book) -> list[str]:
    agencies = [report.agency for report in book.reports]
    plain = [
        _collected(book),
        *_years(book),
        "各章依業務類別排列，章內依弊端態樣分節，同一弊端態樣下依陳報機關排列；每則案例依違失態樣、"
        "案例、參考法條、風險評估、防治措施之順序編排，並註明陳報機關。",
        f"風險評估列出各風險項目於控制前及控制後之風險等級。{SCALE}。"
        f"控制後未重新評估者，標示「{NOT_RATED}」。",
        "書末附「各機關陳報態樣索引」（各機關陳報之弊端態樣）及「跨機關弊端態樣索引」"
        "（同一弊端態樣由哪些機關陳報）；弊端態樣文字相同者（不計空白、標點符號及全形半形之別）"
        f"視為同一態樣，共{book.shared_patterns}種態樣由2個以上機關陳報。",
    ]
    if agencies:
        plain.append(f"陳報機關（{len(agencies)}個）：{_listing(agencies)}。")
    items = [ml.paragraph(text, styles.OUTLINES[0]) for text in plain]
    if book.appended:
        items.append(
            ml.paragraph(
                f"自行撰寫之陳報資料（{len(book.appended)}份，未附結構化資料，照原文收錄）：",
                styles.OUTLINES[0],
            )
        )
        items += [
            ml.paragraph(f"{item.report.agency}（{item.report.path.name}）。", styles.OUTLINES[1])
            for item in book.appended
        ]
    items += _left("未收錄之檔案", [*book.skipped, *book.replaced])
    items.append(
        ml.paragraph(
            "本彙編內容業經個人資料檢核；所收錄之案例均經陳報機關去識別化，如有疑義請洽陳報機關。",
            styles.OUTLINES[0],
        )
    )
    return items


def editorial(book: Book) -> str:
    """Return the 編輯說明: what was compiled, how it is ordered, what was left out."""
    title = heading(EDITORIAL, styles.PART_TITLE, book.editorial_mark, book.marks)
    return title + "".join(_editorial_items(book))


def _toc_entry(text: str, style: str, bookmark: str) -> str:
    """Return one cached entry of the table of contents: its text, a tab, its page."""
    runs = f"{ml.run(text)}<w:r><w:tab/></w:r>{ml.page_reference(bookmark)}"
    link = f'<w:hyperlink w:anchor="{bookmark}" w:history="1">{runs}</w:hyperlink>'
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{link}</w:p>'


def _toc_entries(book: Book) -> list[tuple[str, str, str]]:
    level1, level2 = styles.TOC_LEVELS
    entries = [(EDITORIAL, level1, book.editorial_mark)]
    for chapter in book.outline.chapters:
        entries.append(
            (f"{numerals.legal(chapter.number)}、{chapter.title}", level1, chapter.bookmark)
        )
        entries += [
            (f"{numerals.counting(section.number)}、{section.title}", level2, section.bookmark)
            for section in chapter.sections
        ]
    if book.appended:
        entries.append((APPENDIX, level1, book.appendix_mark))
        entries += [(item.report.agency, level2, item.bookmark) for item in book.appended]
    return entries


def contents(book: Book, indexes: Sequence[tuple[str, str]]) -> str:
    """Return the 目錄: a TOC field (levels 1–2) holding the entries as they stand.

    ``indexes`` are the (title, bookmark) of the indexes at the end. The cached entries carry
    PAGEREF fields, so the page numbers are right even before the TOC is updated.
    """
    entries = _toc_entries(book) + [(title, styles.TOC_LEVELS[0], mark) for title, mark in indexes]
    parts = [ml.paragraph(CONTENTS, styles.TOC_HEADING)]
    begin = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {ml.text(TOC_INSTRUCTION)} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    )
    for number, (text, style, bookmark) in enumerate(entries):
        entry = _toc_entry(text, style, bookmark)
        if number == 0:  # the field starts in the first entry's paragraph
            entry = entry.replace("<w:hyperlink", begin + "<w:hyperlink", 1)
        parts.append(entry)
    parts.append('<w:p><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
    return "".join(parts)
