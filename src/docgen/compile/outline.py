"""Where each case goes in the 彙編: chapters by 業務類別, sections by 弊端態樣, then agencies.

Two texts name the same 業務類別 or 弊端態樣 when they are equal once normalised: NFKC (full-
and half-width forms alike), case folded, every space, punctuation mark and control character
removed (「急難救助金，重複發放」 and 「急難救助金重複發放。」 are one pattern). A group is shown in
the wording most of its cases use, without closing punctuation. Chapters follow the order of
their names (「其他」 last); within a chapter, the patterns more agencies share come first;
within a pattern, agencies follow their names. Every case gets its place (壹、一、（一）) and
a bookmark for the indexes.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from docgen.compile import numerals
from docgen.compile.cases import Case
from docgen.model.keys import natural_key

OTHER = "其他"
UNTITLED = "（未填弊端態樣）"


def normal_key(text: str) -> str:
    """Return ``text`` as grouping compares it: NFKC, folded, no spaces or punctuation."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(char for char in folded if unicodedata.category(char)[0] not in "PZC")


CLOSING = "。．.，,；;、：: \u3000"


def wording(texts: Iterable[str]) -> str:
    """Return the wording most texts use (of equally common ones, the first); "" for none.

    A title takes no closing punctuation: a full stop or comma at its end is not shown.
    """
    counts = Counter(text.strip().rstrip(CLOSING) for text in texts)
    return max(counts, key=lambda text: counts[text]) if counts else ""


@dataclass(frozen=True, slots=True)
class Placed:
    """A case in the book: its chapter, section and position, heading and bookmark."""

    case: Case
    chapter: int
    pattern: int
    position: int
    heading: str
    bookmark: str

    @property
    def place(self) -> str:
        """Return the case's place as the headings number it: 「壹、一、（三）」."""
        return numerals.place(self.chapter, self.pattern, self.position)


@dataclass(frozen=True)
class Section:
    """One 弊端態樣 within a chapter and the cases reporting it."""

    number: int
    title: str
    key: str
    cases: tuple[Placed, ...]
    bookmark: str

    @property
    def agencies(self) -> int:
        """Return how many agencies report this pattern in this chapter."""
        return len({placed.case.agency for placed in self.cases})


@dataclass(frozen=True)
class Chapter:
    """One 業務類別 and its sections."""

    number: int
    title: str
    sections: tuple[Section, ...]
    bookmark: str


@dataclass(frozen=True)
class Outline:
    """The chapters of the book, in order."""

    chapters: tuple[Chapter, ...]

    def placed(self) -> Iterator[Placed]:
        """Yield every case in book order."""
        for chapter in self.chapters:
            for section in chapter.sections:
                yield from section.cases

    @property
    def sections(self) -> int:
        """Return the number of sections (弊端態樣 within chapters)."""
        return sum(len(chapter.sections) for chapter in self.chapters)


class Bookmarks:
    """Hands out bookmark names and ids: ``_Toc000001`` for headings, ``_Case000001`` for cases.

    Ids start high, clear of the ids an appended document keeps.
    """

    FIRST_ID = 100_000

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()
        self.ids: dict[str, int] = {}

    def new(self, prefix: str) -> str:
        """Return a new bookmark name starting with ``prefix``."""
        self._counts[prefix] += 1
        name = f"_{prefix}{self._counts[prefix]:06d}"
        self.ids[name] = self.FIRST_ID + len(self.ids)
        return name


def _chapter_order(title: str) -> tuple[bool, tuple[object, ...]]:
    return title == OTHER, natural_key(title)


def _headings(cases: Sequence[Case]) -> list[str]:
    """Return each case's heading: its agency, with its case number when the agency has two."""
    counts = Counter(case.agency for case in cases)
    return [
        f"{case.agency}（{case.case_id or f'第{case.number}則'}）"
        if counts[case.agency] > 1
        else case.agency
        for case in cases
    ]


def _group(cases: Iterable[Case], key_of: str, empty: str = "") -> dict[str, list[Case]]:
    """Return ``cases`` grouped by the normalised text of their field ``key_of``."""
    groups: dict[str, list[Case]] = defaultdict(list)
    for case in cases:
        groups[normal_key(getattr(case, key_of)) or empty].append(case)
    return groups


def _section(number: int, chapter: int, key: str, cases: list[Case], marks: Bookmarks) -> Section:
    ordered = sorted(cases, key=lambda case: (natural_key(case.agency), case.number, case.file))
    title = wording(case.title for case in ordered) if key else UNTITLED
    placed = tuple(
        Placed(case, chapter, number, position, heading, marks.new("Case"))
        for position, (case, heading) in enumerate(zip(ordered, _headings(ordered), strict=True), 1)
    )
    return Section(number, title, key, placed, marks.new("Toc"))


def _chapter(number: int, title: str, cases: list[Case], marks: Bookmarks) -> Chapter:
    bookmark = marks.new("Toc")
    groups = _group(cases, "title")
    titled = [
        (key, members, len({case.agency for case in members})) for key, members in groups.items()
    ]
    titled.sort(
        key=lambda item: (-item[2], not item[0], natural_key(wording(c.title for c in item[1])))
    )
    sections = tuple(
        _section(position, number, key, members, marks)
        for position, (key, members, _) in enumerate(titled, 1)
    )
    return Chapter(number, title, sections, bookmark)


def outline(cases: Iterable[Case], marks: Bookmarks) -> Outline:
    """Return the book's chapters holding ``cases``, every case placed and bookmarked."""
    groups = _group(cases, "business_type", empty=normal_key(OTHER))
    titled = [
        (wording(case.business_type for case in members if case.business_type) or OTHER, members)
        for members in groups.values()
    ]
    titled.sort(key=lambda item: _chapter_order(item[0]))
    chapters = tuple(
        _chapter(number, title, members, marks) for number, (title, members) in enumerate(titled, 1)
    )
    return Outline(chapters)
