"""The labels Word's list numbering shows, computed here for the index and the cached TOC.

The headings number themselves (壹、 ideographLegalTraditional; 一、 and （一）
taiwaneseCountingThousand); the book also names a case's place in its indexes, so it computes
the same labels the way Word and LibreOffice draw them.
"""

from __future__ import annotations

_COUNTING = "零一二三四五六七八九"
_LEGAL = "零壹貳參肆伍陸柒捌玖"


def _chinese(number: int, digits: str, units: str) -> str:
    """Return ``number`` (1–9999) in Chinese numerals with ``digits`` and 十百千-like ``units``."""
    parts: list[str] = []
    zero = False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        digit, number = divmod(number, power)
        if digit:
            if zero:
                parts.append(digits[0])
            parts.append(digits[digit] + unit)
            zero = False
        elif parts:
            zero = True
    return "".join(parts) or digits[0]


def counting(number: int) -> str:
    """Return 1 → 一, 10 → 十, 11 → 十一, 21 → 二十一, 105 → 一百零五."""
    text = _chinese(number, _COUNTING, "十百千")
    if 10 <= number < 20:
        text = text[1:]  # 一十一 is said 十一
    return text


def legal(number: int) -> str:
    """Return 1 → 壹, 10 → 壹拾, 11 → 壹拾壹, 21 → 貳拾壹."""
    return _chinese(number, _LEGAL, "拾佰仟")


def place(chapter: int, pattern: int, case: int | None = None) -> str:
    """Return a case's place as its headings number it: 「壹、一、（三）」."""
    label = f"{legal(chapter)}、{counting(pattern)}"
    return label if case is None else f"{label}、（{counting(case)}）"
