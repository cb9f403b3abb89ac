"""The cases of the 彙編, read from a submission's entries and checked field by field.

A submission's entries are JSON written by another agency's docgen (or by hand): each one is
turned into a frozen :class:`Case` here, and a malformed one rejects its file with a zh-TW
reason naming the entry, so that the book is built from plain, trusted values only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from docgen.model.keys import risk_band
from docgen.problems import RejectedFile

NONE = "無"


@dataclass(frozen=True, slots=True)
class Level:
    """A risk level: 可能性 × 影響程度 = 風險值 and its band (高、中、低)."""

    likelihood: int
    impact: int
    band: str

    @property
    def score(self) -> int:
        """Return 可能性 × 影響程度."""
        return self.likelihood * self.impact

    def text(self) -> str:
        """Return the band over 「2×3＝6」 (two lines), for a narrow table cell."""
        return f"{self.band}\n{self.likelihood}×{self.impact}＝{self.score}"


@dataclass(frozen=True, slots=True)
class Risk:
    """A risk item with its level before controls and, when re-scored, after them."""

    id: str
    item: str
    before: Level | None
    after: Level | None


@dataclass(frozen=True, slots=True)
class Measure:
    """An adopted countermeasure with its 權責單位 and 完成期限."""

    id: str
    content: str
    owners: str
    deadline: str


@dataclass(frozen=True, slots=True)
class Case:
    """One case as the book shows it, with the agency and the file it came from."""

    agency: str
    file: str
    number: int
    case_id: str
    title: str
    business_type: str
    year: int | None
    summary: str
    statutes: str
    risks: tuple[Risk, ...]
    measures: tuple[Measure, ...]

    @property
    def content(self) -> tuple[object, ...]:
        """Return what the case says, whichever file it came from."""
        return (
            self.agency, self.number, self.case_id, self.title, self.business_type, self.year,
            self.summary, self.statutes, self.risks, self.measures,
        )  # fmt: skip

    @property
    def where(self) -> str:
        """Return 「南區區公所.docx 第2則」: the file and the entry, for messages."""
        return f"{self.file} 第{self.number}則"


def _text(entry: Mapping[str, Any], key: str, what: str) -> str:
    value = entry.get(key)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise RejectedFile(f"「{what}」不是文字")
    return str(value).strip()


def _number(value: Any, what: str, low: int = 1, high: int = 3) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise RejectedFile(f"「{what}」應為 {low} 至 {high} 的整數")
    return value


def _level(value: Any, what: str) -> Level | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise RejectedFile(f"「{what}」格式不正確")
    likelihood = _number(value.get("likelihood"), f"{what}的可能性")
    impact = _number(value.get("impact"), f"{what}的影響程度")
    band = value.get("band")
    if band not in ("高", "中", "低"):
        band = risk_band(likelihood * impact)
    return Level(likelihood, impact, band)


def _list(entry: Mapping[str, Any], key: str, what: str) -> list[Mapping[str, Any]]:
    items = entry.get(key) or []
    if not isinstance(items, list) or not all(isinstance(item, Mapping) for item in items):
        raise RejectedFile(f"「{what}」格式不正確")
    return items


def _risk(item: Mapping[str, Any], number: int) -> Risk:
    what = f"風險評估第{number}項"
    return Risk(
        id=_text(item, "id", f"{what}的編號") or f"R{number}",
        item=_text(item, "item", f"{what}的風險項目") or NONE,
        before=_level(item.get("before"), f"{what}控制前"),
        after=_level(item.get("after"), f"{what}控制後"),
    )


def _measure(item: Mapping[str, Any], number: int) -> Measure:
    what = f"防治措施第{number}項"
    return Measure(
        id=_text(item, "id", f"{what}的編號") or f"M{number}",
        content=_text(item, "content", f"{what}的內容") or NONE,
        owners=_text(item, "owners", f"{what}的權責單位") or NONE,
        deadline=_text(item, "deadline", f"{what}的完成期限") or NONE,
    )


def _year(value: Any) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 1000:
        raise RejectedFile("「發生年度」應為民國年（如 105）")
    return value


def case_of(entry: Mapping[str, Any], position: int, agency: str, file: str) -> Case:
    """Return the entry at ``position`` (1 on) of ``file`` as a case of ``agency``.

    Raise :class:`RejectedFile` naming the entry when a field has the wrong shape.
    """
    number = entry.get("number")
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        number = position
    try:
        return Case(
            agency=agency,
            file=file,
            number=number,
            case_id=_text(entry, "case_id", "案例編號"),
            title=_text(entry, "title", "弊端態樣"),
            business_type=_text(entry, "business_type", "業務類別"),
            year=_year(entry.get("year")),
            summary=_text(entry, "summary", "公開摘要"),
            statutes=_text(entry, "statutes", "參考法條"),
            risks=tuple(
                _risk(item, n) for n, item in enumerate(_list(entry, "risks", "風險評估"), 1)
            ),
            measures=tuple(
                _measure(item, n) for n, item in enumerate(_list(entry, "measures", "防治措施"), 1)
            ),
        )
    except RejectedFile as error:
        raise RejectedFile(f"第{number}則案例的{error}") from None
