"""What ``docgen collect`` did: problems, skipped files, and one line per unit for the table."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from docgen.problems import Problem

COLUMNS = ("單位", "回覆", "意見", "新寫入", "衝突", "初稿版本")


@dataclass
class UnitLine:
    """One unit in the report: whether it returned a form and what came of it."""

    code: str
    name: str
    files: list[str] = field(default_factory=list)
    opinions: int = 0
    added: int = 0
    conflicts: int = 0
    older: bool = False

    @property
    def returned(self) -> bool:
        """Return True when at least one form of the unit was read."""
        return bool(self.files)

    def cells(self) -> tuple[str, ...]:
        """Return the unit's row of the table."""
        if not self.returned:
            return (self.name, "未回覆", "－", "－", "－", "－")
        return (
            self.name,
            "已回覆" if len(self.files) == 1 else f"已回覆{len(self.files)}份",
            str(self.opinions),
            str(self.added),
            str(self.conflicts),
            "較舊的初稿" if self.older else "目前初稿",
        )


@dataclass
class CollectReport:
    """The outcome of collecting forms into a workbook."""

    workbook: Path
    problems: list[Problem] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    units: list[UnitLine] = field(default_factory=list)
    added: list[str] = field(default_factory=list)  # 意見編號 written
    duplicates: int = 0  # distinct opinions read that the workbook already holds
    copies: int = 0  # opinions read again from another copy of the same form
    backup: Path | None = None

    def lines(self) -> list[str]:
        """Return the zh-TW table and summary the CLI prints."""
        rows = [COLUMNS, *(unit.cells() for unit in self.units)]
        widths = [max(display_width(row[i]) for row in rows) for i in range(len(COLUMNS))]
        returned = sum(1 for unit in self.units if unit.returned)
        lines = [f"修正意見表回收情形（{returned}／{len(self.units)} 個單位已回覆）："]
        lines += [
            "  " + "  ".join(pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip()
            for row in rows
        ]
        lines.extend(self._summary())
        return lines

    def _summary(self) -> list[str]:
        found = []
        if self.added:
            shown = self.added[0] if len(self.added) == 1 else f"{self.added[0]}～{self.added[-1]}"
            found.append(
                f"已寫入 {len(self.added)} 則新意見（{shown}）至「{self.workbook.name}」的"
                "「修正意見」工作表，處理結果待政風室填寫。"
            )
            if self.backup is not None:
                found.append(f"寫入前已備份原工作簿：{self.backup}")
        else:
            found.append("沒有新的意見，工作簿未變更。")
        if self.duplicates:
            found.append(f"另有 {self.duplicates} 則意見先前已回收，未重複寫入。")
        if self.copies:
            found.append(
                f"有 {self.copies} 則意見在多個檔案中重複出現（同一份表單的副本），只計一次。"
            )
        conflicts = sum(unit.conflicts for unit in self.units)
        if conflicts:
            found.append("有不同單位對同一措施提出不同意見（見上方警告），請於處理結果擇一或合併。")
        if self.skipped:
            found.append(f"有 {len(self.skipped)} 個檔案或意見未能回收，請見上方錯誤訊息。")
        return found


def display_width(text: str) -> int:
    """Return how many columns ``text`` takes in a terminal (CJK characters count two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    """Return ``text`` padded with spaces to ``width`` terminal columns."""
    return text + " " * (width - display_width(text))
