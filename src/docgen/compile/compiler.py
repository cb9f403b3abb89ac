"""One ``docgen compile`` run: gather the reports, place the cases, screen, compose, write.

Nothing is written while the personal-data guard has a hit, or when no file could be used.
Files that could not be used are named in the report (and in the book's 編輯說明); the book
is still written from the others, and the caller decides the exit code from ``skipped``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from docgen.compile import book as pages
from docgen.compile import front
from docgen.compile.appendix import Composed, compose
from docgen.compile.book import Appended, Book
from docgen.compile.gather import BOOK_PREFIX, Gathered, Left, Report, gather, roc
from docgen.compile.indexes import BY_AGENCY, BY_PATTERN, Index, indexes, shared_patterns
from docgen.compile.outline import Bookmarks, outline
from docgen.compile.package import write_package
from docgen.compile.progress import Progress, Silent
from docgen.compile.screening import screen
from docgen.compile.styles import TEMPLATE
from docgen.files.atomic import write_with
from docgen.files.paths import DEFAULT_OUTPUT
from docgen.ooxml.zip import read_parts
from docgen.problems import InputError, Problem, Severity
from docgen.render.stamp import stamp
from docgen.render.templates import template_path


@dataclass
class CompileReport:
    """What a compile wrote, from what, and what it left out."""

    target: Path
    year: int
    agencies: list[str]
    cases: int
    handwritten: list[Report]
    skipped: list[Left]
    replaced: list[Left]
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """Return the zh-TW lines telling what was compiled."""
        lines = [*self.notes, f"已產出廉政細工防貪策略彙編：{self.target}"]
        made = f"收錄 {len(self.agencies)} 個機關"
        if self.handwritten:
            made += f"（其中 {len(self.handwritten)} 個機關自行撰寫，照原文收錄）"
        lines.append(f"{made}、{self.cases} 則案例。")
        return lines

    def left_out(self) -> str:
        """Return the zh-TW line saying how many files were left out (empty: none)."""
        if not self.skipped:
            return ""
        return (
            f"有 {len(self.skipped)} 個檔案無法使用而未收錄（見上方錯誤訊息）；"
            "彙編已由其餘檔案產出，請洽各該機關重新陳報後再彙編。"
        )


def book_name(year: int) -> str:
    """Return the book's file name: 廉政細工防貪策略彙編_106年度.docx."""
    return f"{BOOK_PREFIX}_{year}年度.docx"


def _names_a_file(output: Path) -> bool:
    """Return True when ``output`` names the book itself (it has a suffix and is no folder)."""
    if output.is_dir() or not output.suffix:
        return False
    if output.suffix.lower() != ".docx":
        raise InputError("彙編須為 Word 文件：請以 .docx 為副檔名，或指定資料夾", where=str(output))
    return True


def target_path(output: Path | None, year: int) -> Path:
    """Return where the book goes: ``output`` when it names a .docx, else a folder in it.

    Raise :class:`InputError` when ``output`` names another kind of file.
    """
    if output is None:
        return DEFAULT_OUTPUT / book_name(year)
    return output if _names_a_file(output) else output / book_name(year)


def _moment(found: Gathered) -> datetime:
    """Return the time the book records (or SOURCE_DATE_EPOCH): the newest 陳報日期.

    Without any report carrying data, the newest hand-written report's modification time.
    """
    dates = [
        datetime(r.submitted.year, r.submitted.month, r.submitted.day, tzinfo=UTC)
        for r in found.reports
        if r.submitted is not None
    ]
    dates = dates or [datetime.fromtimestamp(r.modified, UTC) for r in found.reports]
    return stamp(max(dates))


def _year(found: Gathered, moment: datetime) -> tuple[int, tuple[int, ...]]:
    """Return the book's year (the newest reported) and every year reported, warning if mixed."""
    years = tuple(sorted({report.year for report in found.data if report.year}))
    if not years:
        return roc(moment.year), years
    if len(years) > 1:
        shown = "、".join(str(year) for year in years)
        found.problems.warning(
            "", f"各機關陳報資料的年度不一（{shown}）；彙編以最新的 {years[-1]} 年度命名"
        )
    return years[-1], years


def _nothing_to_compile(found: Gathered) -> InputError:
    message = "沒有可彙編的陳報資料（.docx 或 .json）；未寫入任何檔案"
    return InputError([*found.problems, Problem(Severity.ERROR, "", message)])


def _composed(found: Gathered, progress: Progress) -> Composed:
    """Return the package: the template's, with the hand-written reports composed into it."""
    template = template_path(TEMPLATE)
    handwritten = found.handwritten
    if not handwritten:
        return Composed(parts=read_parts(template.read_bytes()))
    progress.begin("併入自行撰寫之陳報資料", len(handwritten))
    composed = compose(template, handwritten, progress.advance)
    progress.finish()
    for left in composed.skipped:
        found.problems.error(str(left.path), f"{left.reason}；已略過此檔案")
    found.skipped.extend(composed.skipped)
    found.reports = [r for r in found.reports if not r.handwritten or r in composed.appended]
    return composed


def _book(found: Gathered, composed: Composed, moment: datetime, marks: Bookmarks) -> Book:
    year, years = _year(found, moment)
    editorial_mark = marks.new("Toc")
    cases = [case for report in found.data for case in report.cases]
    plan = outline(cases, marks)
    appended = tuple(Appended(report, marks.new("Toc")) for report in composed.appended)
    return Book(
        year=year,
        years=years,
        moment=moment,
        outline=plan,
        reports=tuple(found.data),
        appended=appended,
        skipped=tuple(found.skipped),
        replaced=tuple(found.replaced),
        marks=marks,
        editorial_mark=editorial_mark,
        appendix_mark=marks.new("Toc"),
        shared_patterns=shared_patterns(plan),
    )


def _body(
    book: Book, composed: Composed, made: Sequence[Index], progress: Progress
) -> Iterator[str]:
    """Yield the book's body piece by piece, counting the cases written."""
    yield front.cover(book)
    yield front.editorial(book)
    yield front.contents(book, [(index.title, index.bookmark) for index in made])
    progress.begin("編排彙編", book.cases)
    yield from pages.chapters(book, progress.advance)
    if book.appended:
        yield pages.appendix_title(book)
        for piece in composed.bodies:
            if isinstance(piece, int):
                yield pages.appendix_heading(book.appended[piece], book.marks, first=piece == 0)
            else:
                yield piece
    yield from indexes(book, made)
    progress.finish()


def compile_book(
    sources: Sequence[Path], output: Path | None = None, progress: Progress | None = None
) -> CompileReport:
    """Compile the reports in ``sources`` (files or folders) into the book; return the report.

    Raise :class:`InputError` (nothing written) when no file can be used or the guard finds
    personal data; files that cannot be used are otherwise skipped and listed.
    """
    progress = progress or Silent()
    exclude = output if output is not None and _names_a_file(output) else None
    found = gather(sources, exclude, progress)
    if not found.reports:
        raise _nothing_to_compile(found)
    composed = _composed(found, progress)
    if not found.reports:
        raise _nothing_to_compile(found)
    moment = _moment(found)
    marks = Bookmarks()
    book = _book(found, composed, moment, marks)
    hits = screen([case for r in book.reports for case in r.cases], composed.texts, progress)
    if hits:
        raise InputError([*found.problems, *hits])
    target = target_path(output, book.year)
    made = (Index(BY_AGENCY, marks.new("Toc")), Index(BY_PATTERN, marks.new("Toc")))
    body = _body(book, composed, made, progress)
    write_with(target, lambda temporary: write_package(temporary, composed.parts, body, moment))
    return CompileReport(
        target=target,
        year=book.year,
        agencies=[report.agency for report in found.reports],
        cases=book.cases,
        handwritten=found.handwritten,
        skipped=found.skipped,
        replaced=found.replaced,
        problems=list(found.problems),
        notes=found.notes,
    )
