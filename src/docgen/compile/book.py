"""The chapters of the 彙編 as WordprocessingML, and what the rest of the book shares.

Each piece is a string in the styles of ``templates/compile.docx`` (:mod:`.styles`), written
case by case so that the whole book never sits in memory as a tree. The order follows the
法務部廉政署 guides: per case 違失態樣 → 案例 → 參考法條 → 風險評估 → 防治措施.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from docgen.compile import styles
from docgen.compile import wordml as ml
from docgen.compile.cases import Case, Level, Risk
from docgen.compile.gather import Left, Report
from docgen.compile.outline import Bookmarks, Outline, Placed

APPENDIX = "各機關自行撰寫之陳報資料"
NOT_RATED = "未評估"
SECTIONS = ("違失態樣", "案例", "參考法條", "風險評估", "防治措施")


@dataclass(frozen=True)
class Appended:
    """A hand-written report appended as it is, with its heading's bookmark."""

    report: Report
    bookmark: str


@dataclass(frozen=True)
class Book:
    """Everything the book shows besides the cases' own texts."""

    year: int
    years: tuple[int, ...]
    moment: datetime
    outline: Outline
    reports: tuple[Report, ...]
    appended: tuple[Appended, ...]
    skipped: tuple[Left, ...]
    replaced: tuple[Left, ...]
    marks: Bookmarks
    editorial_mark: str
    appendix_mark: str
    shared_patterns: int

    @property
    def cases(self) -> int:
        """Return the number of cases in the chapters."""
        return sum(len(report.cases) for report in self.reports)


def heading(text: str, style: str, bookmark: str, marks: Bookmarks, new_page: bool = False) -> str:
    """Return a heading paragraph inside ``bookmark`` (``new_page``: on a new page)."""
    runs = ml.bookmarked(ml.run(text), bookmark, marks.ids[bookmark])
    return ml.paragraph(runs, style, raw=True, new_page=new_page)


# --- the chapters ------------------------------------------------------------------------------


def _level(level: Level | None) -> ml.Cell:
    if level is None:
        return ml.Cell(NOT_RATED, styles.TABLE_TEXT_CENTER)
    return ml.Cell(level.text(), styles.TABLE_TEXT_CENTER, styles.BAND_FILLS.get(level.band))


def _risk_row(risk: Risk, widths: Sequence[float]) -> str:
    cells = (
        ml.Cell(risk.id, styles.TABLE_TEXT_CENTER),
        ml.Cell(risk.item, styles.TABLE_TEXT),
        _level(risk.before),
        _level(risk.after),
    )
    return ml.row(cells, widths)


def _table(columns: Sequence[tuple[str, float]], rows: Iterator[str]) -> str:
    head = ml.table_head(tuple(columns), styles.TABLE_HEADER, styles.HEADER_FILL)
    return head + "".join(rows) + ml.TABLE_END


def risk_table(case: Case) -> str:
    """Return the 風險評估 table: each risk item with its level before and after controls."""
    if not case.risks:
        return ml.paragraph("無", styles.BODIES[3])
    widths = [width for _, width in styles.RISK_COLUMNS]
    return _table(styles.RISK_COLUMNS, (_risk_row(risk, widths) for risk in case.risks))


def measure_table(case: Case) -> str:
    """Return the 防治措施 table: each measure with its 權責單位 and 完成期限."""
    if not case.measures:
        return ml.paragraph("無", styles.BODIES[3])
    widths = [width for _, width in styles.MEASURE_COLUMNS]
    rows = (
        ml.row(
            (
                ml.Cell(str(number), styles.TABLE_TEXT_CENTER),
                ml.Cell(measure.content, styles.TABLE_TEXT),
                ml.Cell(measure.owners, styles.TABLE_TEXT),
                ml.Cell(measure.deadline, styles.TABLE_TEXT_CENTER),
            ),
            widths,
        )
        for number, measure in enumerate(case.measures, 1)
    )
    return _table(styles.MEASURE_COLUMNS, rows)


def case_part(placed: Placed, marks: Bookmarks) -> str:
    """Return one case: its agency as heading, then its five sections."""
    case = placed.case
    body = styles.BODIES[3]
    section = styles.HEADINGS[3]
    summary = ml.paragraphs(case.summary, body)
    if case.year:
        summary += ml.paragraph(f"發生年度：{case.year}年", body)
    return "".join(
        (
            heading(placed.heading, styles.HEADINGS[2], placed.bookmark, marks),
            ml.paragraph(SECTIONS[0], section),
            ml.paragraphs(case.title, body),
            ml.paragraph(SECTIONS[1], section),
            summary,
            ml.paragraph(SECTIONS[2], section),
            ml.paragraphs(case.statutes, body),
            ml.paragraph(SECTIONS[3], section),
            risk_table(case),
            ml.paragraph(SECTIONS[4], section),
            measure_table(case),
        )
    )


def chapters(book: Book, step: Callable[[], None]) -> Iterator[str]:
    """Yield the chapters piece by piece: each heading, then each case (calling ``step``)."""
    marks = book.marks
    for chapter in book.outline.chapters:
        yield heading(chapter.title, styles.HEADINGS[0], chapter.bookmark, marks)
        for section in chapter.sections:
            yield heading(section.title, styles.HEADINGS[1], section.bookmark, marks)
            for placed in section.cases:
                yield case_part(placed, marks)
                step()


def appendix_heading(item: Appended, marks: Bookmarks, first: bool) -> str:
    """Return the heading and note over one hand-written report (a new page but for the first)."""
    note = (
        f"本份陳報資料由{item.report.agency}自行撰寫（{item.report.path.name}），"
        "未附結構化資料，以下照原文收錄。"
    )
    title = heading(
        item.report.agency, styles.APPENDIX_HEADING, item.bookmark, marks, new_page=not first
    )
    return title + ml.paragraph(note, styles.NOTE)


def appendix_title(book: Book) -> str:
    """Return the title of the part holding the hand-written reports."""
    return heading(APPENDIX, styles.PART_TITLE, book.appendix_mark, book.marks)
