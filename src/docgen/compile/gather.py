"""Find the submissions to compile, read each, and keep one per agency.

Files are .docx (with the data embedded, or written by hand) and .json, given one by one or
as folders. A file that cannot be used (damaged, not a Word file, a newer data version, no
agency name, a malformed entry) is skipped with an error naming it; the others are still read.
Two reports of one agency: the newer (陳報日期, then the file's modification time) is kept,
with a warning naming both; the .docx and .json written together by ``docgen submit`` hold the
same data and count as one report.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from docgen.compile.cases import Case, case_of
from docgen.compile.progress import Progress, Silent
from docgen.model.dates import ROC_OFFSET, roc_date
from docgen.model.keys import natural_key
from docgen.ooxml.zip import check_all_parts, open_zip
from docgen.problems import Problems, RejectedFile
from docgen.public.submission import Submission, read_submission

SUFFIXES = (".docx", ".json")
BOOK_PREFIX = "廉政細工防貪策略彙編"
LETTER_PREFIX = "陳報函_"
REPORT_NAME = re.compile(r"^防貪策略資料_(.+?)_\d")


@dataclass(frozen=True)
class Report:
    """One agency's report: its cases, or, written by hand, only the file to append."""

    agency: str
    path: Path
    submitted: date | None
    modified: float
    year: int | None
    cases: tuple[Case, ...] = ()
    handwritten: bool = False  # no embedded data: appended as it is

    def same_data(self, other: Report) -> bool:
        """Return True when both hold the same data (the .docx and .json of one submission)."""
        if self.handwritten or other.handwritten or self.submitted != other.submitted:
            return False
        return [case.content for case in self.cases] == [case.content for case in other.cases]

    @property
    def rank(self) -> tuple[date, float, str]:
        """Return what decides which of two reports is newer."""
        day = self.submitted or date.fromtimestamp(self.modified)
        return day, self.modified, self.path.name

    @property
    def when(self) -> str:
        """Return 「陳報日期106年8月31日」 or, written by hand, 「檔案修改日期…」."""
        if self.submitted is not None:
            return f"陳報日期{roc_date(self.submitted)}"
        return f"檔案修改日期{roc_date(date.fromtimestamp(self.modified))}"


@dataclass(frozen=True)
class Left:
    """A file not compiled, and why."""

    path: Path
    reason: str


@dataclass
class Gathered:
    """What was found: the reports kept, the files skipped or replaced, and what to tell."""

    reports: list[Report] = field(default_factory=list)
    skipped: list[Left] = field(default_factory=list)
    replaced: list[Left] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)
    notes: list[str] = field(default_factory=list)

    @property
    def data(self) -> list[Report]:
        """Return the reports with embedded data."""
        return [report for report in self.reports if not report.handwritten]

    @property
    def handwritten(self) -> list[Report]:
        """Return the reports written by hand."""
        return [report for report in self.reports if report.handwritten]


# --- finding ---------------------------------------------------------------------------------


def _usable(path: Path) -> bool:
    hidden = path.name.startswith(("~$", "."))
    return path.is_file() and not hidden and path.suffix.lower() in SUFFIXES


def find_files(sources: Iterable[Path], found: Gathered, exclude: Path | None = None) -> list[Path]:
    """Return the .docx and .json files among ``sources`` (folders searched), each once."""
    files: dict[Path, Path] = {}
    for source in sources:
        if source.is_dir():
            inside = [path for path in sorted(source.rglob("*")) if _usable(path)]
            if not inside:
                found.problems.warning(str(source), "資料夾中沒有 .docx 或 .json 檔案")
            for path in inside:
                files.setdefault(path.resolve(), path)
        elif not source.is_file():
            _skip(found, source, "找不到此檔案")
        elif source.name.startswith("~$"):
            found.problems.warning(str(source), "這是 Word 開啟文件時的暫存檔，已略過")
        elif source.suffix.lower() not in SUFFIXES:
            _skip(found, source, "不是 Word（.docx）或 JSON（.json）的陳報資料")
        else:
            files.setdefault(source.resolve(), source)
    if exclude is not None:
        files.pop(exclude.resolve(), None)
    return sorted(files.values(), key=lambda path: (natural_key(path.name), str(path)))


def _skip(found: Gathered, path: Path, reason: str) -> None:
    found.problems.error(str(path), f"{reason}；已略過此檔案")
    found.skipped.append(Left(path, reason))


# --- reading ---------------------------------------------------------------------------------


def roc(year: int) -> int:
    """Return ``year`` as an ROC year (2017 and 106 both give 106)."""
    return year - ROC_OFFSET if year > ROC_OFFSET else year


def _from_data(submission: Submission, path: Path, modified: float) -> Report:
    cases = tuple(
        case_of(entry, position, submission.agency, path.name)
        for position, entry in enumerate(submission.entries, start=1)
    )
    year = roc(submission.year) if submission.year > 0 else submission.submitted.year - ROC_OFFSET
    return Report(
        agency=submission.agency,
        path=path,
        submitted=submission.submitted,
        modified=modified,
        year=year,
        cases=cases,
    )


def handwritten_agency(path: Path) -> str:
    """Return the agency in a hand-written report's name (防貪策略資料_<機關>_…), or its stem."""
    match = REPORT_NAME.match(path.stem)
    return (match.group(1) if match else path.stem).strip()


def _check_word_file(path: Path) -> None:
    """Refuse a .docx that is not a Word document or not safe to open."""
    with open_zip(path) as archive:
        if "word/document.xml" not in archive.namelist():
            raise RejectedFile("不是 Word 文件（缺少 word/document.xml）")
        check_all_parts(archive)


def read_report(path: Path) -> Report:
    """Return the report in ``path``; raise :class:`RejectedFile` saying why it cannot be used."""
    try:
        modified = path.stat().st_mtime
    except OSError as error:
        raise RejectedFile(f"無法讀取檔案（{error.strerror}）") from None
    submission = read_submission(path)
    if submission is not None:
        return _from_data(submission, path, modified)
    _check_word_file(path)
    agency = handwritten_agency(path)
    if not agency:
        raise RejectedFile("無法由檔名得知陳報機關")
    return Report(agency, path, submitted=None, modified=modified, year=None, handwritten=True)


def _not_a_report(path: Path) -> str | None:
    """Return why a file found is no report at all (the cover letter, a compiled book)."""
    if path.name.startswith(LETTER_PREFIX):
        return "這是陳報函（公文），不是陳報資料，已略過"
    if path.name.startswith(BOOK_PREFIX):
        return "這是彙編成品，不是陳報資料，已略過"
    return None


def read_all(paths: Iterable[Path], found: Gathered, progress: Progress) -> list[Report]:
    """Return the report of each usable file in ``paths``; record each skipped one in ``found``."""
    reports = []
    for path in paths:
        reason = _not_a_report(path)
        if reason is not None:
            found.notes.append(f"{path}：{reason}")
        else:
            try:
                reports.append(read_report(path))
            except RejectedFile as rejected:
                _skip(found, path, str(rejected))
        progress.advance()
    return reports


# --- one per agency --------------------------------------------------------------------------


def agency_key(agency: str) -> str:
    """Return what two spellings of one agency share: NFKC, no spaces, 台 as 臺."""
    folded = unicodedata.normalize("NFKC", agency).replace("台", "臺")
    return "".join(folded.split())


def _prefer(first: Report, second: Report) -> tuple[Report, Report]:
    """Return (kept, dropped) of two reports of one agency: the newer is kept."""
    return (second, first) if second.rank > first.rank else (first, second)


def _same_data(first: Report, second: Report, found: Gathered) -> Report:
    """Return the one to keep of two files holding the same data (the .docx), noting it."""
    kept, other = (first, second) if first.path.suffix.lower() == ".docx" else (second, first)
    found.notes.append(f"「{other.path.name}」與「{kept.path.name}」的陳報資料相同，只收錄一份")
    return kept


def one_per_agency(reports: Iterable[Report], found: Gathered) -> list[Report]:
    """Return one report per agency, the newer of two, warning about each one dropped."""
    kept: dict[str, Report] = {}
    for report in reports:
        key = agency_key(report.agency)
        earlier = kept.get(key)
        if earlier is None:
            kept[key] = report
        elif report.same_data(earlier):
            kept[key] = _same_data(earlier, report, found)
        else:
            newer, older = _prefer(earlier, report)
            kept[key] = newer
            found.problems.warning(
                str(older.path),
                f"「{older.path.name}」與「{newer.path.name}」都是{report.agency}的陳報資料；"
                f"採用較新的「{newer.path.name}」（{newer.when}），"
                f"未收錄「{older.path.name}」（{older.when}）",
            )
            found.replaced.append(Left(older.path, f"{report.agency}另有較新的陳報資料"))
    return sorted(kept.values(), key=lambda report: (natural_key(report.agency), report.path.name))


def gather(
    sources: Iterable[Path], exclude: Path | None = None, progress: Progress | None = None
) -> Gathered:
    """Return what ``sources`` hold: one report per agency, and every file left out, with why.

    ``exclude`` is never read (the book being written).
    """
    progress = progress or Silent()
    found = Gathered()
    files = find_files(sources, found, exclude)
    progress.begin("讀取陳報資料", len(files))
    reports = read_all(files, found, progress)
    progress.finish()
    found.reports = one_per_agency(reports, found)
    return found
