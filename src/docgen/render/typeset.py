"""Chinese typesetting helpers the templates call as Jinja filters.

``title_lines`` breaks a centred title into lines at sensible places, so a long meeting name
never leaves 「…座談會簽」 on one line and 「到表」 on the next: the parts of a title (機關,
會議名稱, 文件名稱) stay whole on a line when they fit; a part longer than a line breaks
after a joining word (暨、及、與、之) or before a closing word (座談會、會議), the latest such
place that fits. The lines are joined by a newline, which docxtpl writes as a line break.
"""

from __future__ import annotations

from collections.abc import Iterable

TITLE_CHARS = 22.0  # a Title line (20 pt) on the 16 cm text width holds 22 full-width characters
BREAK_AFTER = "暨及與之、，"
BREAK_BEFORE = ("座談會", "研討會", "說明會", "會議", "聯合", "防貪", "廉政", "業務")


def text_width(text: str) -> float:
    """Return the width of ``text`` in full-width characters (ASCII counts half)."""
    return sum(0.5 if ord(char) < 0x2E80 else 1.0 for char in text)


def title_lines(parts: Iterable[object], width: float = TITLE_CHARS) -> str:
    """Return the title made of ``parts``, broken into lines of at most ``width`` characters.

    Parts are joined on one line while they fit; a part that does not fit starts a new line,
    and a part wider than a whole line is broken at its best place (see the module).
    """
    lines: list[str] = []
    current = ""
    for part in (str(p) for p in parts if p is not None and str(p)):
        if text_width(current + part) <= width:
            current += part
            continue
        if current:
            lines.append(current)
        pieces = _break_long(part, width)
        lines.extend(pieces[:-1])
        current = pieces[-1]
    if current:
        lines.append(current)
    return "\n".join(lines)


def _break_long(text: str, width: float) -> list[str]:
    """Return ``text`` cut into lines no wider than ``width``, each cut at its best place."""
    pieces = []
    while text_width(text) > width:
        cut = _best_cut(text, width)
        pieces.append(text[:cut])
        text = text[cut:]
    return [*pieces, text]


def _best_cut(text: str, width: float) -> int:
    """Return where to cut ``text``: the last sensible place that fits, else as late as fits."""
    fits = 1
    while fits < len(text) and text_width(text[: fits + 1]) <= width:
        fits += 1
    places = [i + 1 for i, char in enumerate(text[:fits]) if char in BREAK_AFTER]
    places += [i for word in BREAK_BEFORE for i in _starts(text, word) if 0 < i <= fits]
    good = [place for place in places if place >= fits / 2]  # not a short first line
    return max(good) if good else fits


def _starts(text: str, word: str) -> list[int]:
    """Return every index where ``word`` starts in ``text``."""
    return [i for i in range(len(text)) if text.startswith(word, i)]
