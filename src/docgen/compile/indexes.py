"""The two indexes at the end of the 彙編: by agency, and by pattern across agencies.

* 各機關陳報態樣索引: each agency (in the order of its name) with the patterns it reported,
  their 業務類別, their place in the book (壹、一、（三）) and page; an agency that wrote its
  report by hand points to it in the appendix.
* 跨機關弊端態樣索引: each pattern (grouped as :func:`docgen.compile.outline.normal_key` says),
  those most agencies share first, with every agency reporting it.

Page numbers are PAGEREF fields to the bookmarks of the case headings, so Word and LibreOffice
fill them in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from docgen.compile import styles
from docgen.compile import wordml as ml
from docgen.compile.book import Book, heading
from docgen.compile.outline import Outline, Placed, wording
from docgen.model.keys import natural_key

BY_AGENCY = "各機關陳報態樣索引"
BY_PATTERN = "跨機關弊端態樣索引"
AGENCY_NOTE = "依機關名稱排列；「章節」為案例在本彙編之章節編號，「頁次」為案例所在頁。"
PATTERN_NOTE = (
    "弊端態樣文字相同者（不計空白、標點符號及全形半形之別）視為同一態樣；"
    "依陳報機關數由多至少排列，機關數相同者依態樣文字排列。"
)
HANDWRITTEN = "自行撰寫之陳報資料，照原文收錄"


@dataclass(frozen=True)
class Index:
    """One index: its title and the bookmark of its title (for the table of contents)."""

    title: str
    bookmark: str


def _widths(columns: Sequence[tuple[str, float]]) -> list[float]:
    return [width for _, width in columns]


def _start(columns: Sequence[tuple[str, float]]) -> str:
    return ml.table_head(tuple(columns), styles.TABLE_HEADER, styles.HEADER_FILL)


def _group_row(text: str, widths: Sequence[float]) -> str:
    return ml.row([ml.Cell(text, styles.INDEX_GROUP, styles.GROUP_FILL, len(widths))], widths)


def _page(bookmark: str) -> ml.Cell:
    return ml.Cell(ml.page_reference(bookmark), styles.TABLE_TEXT_CENTER, raw=True)


def _agency_rows(book: Book) -> Iterator[str]:
    widths = _widths(styles.AGENCY_INDEX_COLUMNS)
    cases: dict[str, list[Placed]] = defaultdict(list)
    for placed in book.outline.placed():
        cases[placed.case.agency].append(placed)
    appended = {item.report.agency: item for item in book.appended}
    for agency in sorted({*cases, *appended}, key=natural_key):
        own = cases.get(agency, [])
        count = f"（{len(own)}則）" if own else ""
        yield _group_row(f"{agency}{count}", widths)
        for placed in own:
            yield ml.row(
                (
                    ml.Cell(placed.case.business_type or "其他", styles.TABLE_TEXT),
                    ml.Cell(placed.case.title or "（未填弊端態樣）", styles.TABLE_TEXT),
                    ml.Cell(placed.place, styles.TABLE_TEXT_CENTER),
                    _page(placed.bookmark),
                ),
                widths,
            )
        if agency in appended:
            cells = (
                ml.Cell(HANDWRITTEN, styles.TABLE_TEXT, span=3),
                _page(appended[agency].bookmark),
            )
            yield ml.row(cells, widths)


def patterns(outline: Outline) -> list[tuple[str, list[Placed]]]:
    """Return each pattern with its cases across chapters, those most agencies share first."""
    groups: dict[str, list[Placed]] = defaultdict(list)
    titles: dict[str, list[str]] = defaultdict(list)
    for chapter in outline.chapters:
        for section in chapter.sections:
            groups[section.key].extend(section.cases)
            titles[section.key].extend([section.title] * len(section.cases))
    named = [(wording(titles[key]), cases) for key, cases in groups.items()]
    named.sort(key=lambda item: (-_agencies(item[1]), natural_key(item[0])))
    return named


def _agencies(cases: Sequence[Placed]) -> int:
    return len({placed.case.agency for placed in cases})


def shared_patterns(outline: Outline) -> int:
    """Return how many patterns two or more agencies report."""
    return sum(1 for _, cases in patterns(outline) if _agencies(cases) > 1)


def _pattern_rows(book: Book) -> Iterator[str]:
    widths = _widths(styles.PATTERN_INDEX_COLUMNS)
    for title, cases in patterns(book.outline):
        yield _group_row(f"{title}（{_agencies(cases)}個機關）", widths)
        for placed in cases:
            yield ml.row(
                (
                    ml.Cell(placed.heading, styles.TABLE_TEXT),
                    ml.Cell(placed.case.business_type or "其他", styles.TABLE_TEXT),
                    ml.Cell(placed.place, styles.TABLE_TEXT_CENTER),
                    _page(placed.bookmark),
                ),
                widths,
            )


def _index(
    book: Book, index: Index, note: str, columns: Sequence[tuple[str, float]], rows: Iterator[str]
) -> Iterator[str]:
    yield heading(index.title, styles.PART_TITLE, index.bookmark, book.marks)
    yield ml.paragraph(note, styles.NOTE)
    yield _start(columns)
    yield from rows
    yield ml.TABLE_END
    yield ml.paragraph("", styles.NOTE)  # a table never ends the body


def indexes(book: Book, made: Sequence[Index]) -> Iterator[str]:
    """Yield both indexes piece by piece (``made``: their titles and bookmarks, in order)."""
    by_agency, by_pattern = made
    yield from _index(book, by_agency, AGENCY_NOTE, styles.AGENCY_INDEX_COLUMNS, _agency_rows(book))
    yield from _index(
        book, by_pattern, PATTERN_NOTE, styles.PATTERN_INDEX_COLUMNS, _pattern_rows(book)
    )
