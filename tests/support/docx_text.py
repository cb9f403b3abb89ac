"""Reduce a .docx to the text a reader sees, for golden-text tests.

Word list numbering is computed from numbering.xml the way Word does (levels, restarts, start
overrides), so the text shows 壹、 一、 （一） where a reader sees them; fields show as {PAGE};
tables show as rows of cells, with a cell's shading and content controls marked.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


_DIGITS = "零一二三四五六七八九"
_LEGAL = "零壹貳參肆伍陸柒捌玖"
_HEAVENLY = "甲乙丙丁戊己庚辛壬癸"


def chinese_count(number: int, digits: str = _DIGITS, units: str = "十百千") -> str:
    """Return 1 → 一, 11 → 十一, 21 → 二十一, 105 → 一百零五 (or 壹, 拾壹 with legal digits)."""
    if number == 0:
        return digits[0]
    parts, zero = [], False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        digit, number = divmod(number, power)
        if digit:
            if zero:
                parts.append(digits[0])
            parts.append(digits[digit] + unit)
            zero = False
        elif parts:
            zero = True
    text = "".join(parts)
    if digits is _DIGITS and text.startswith(digits[1] + units[0]) and len(text) <= 3:
        text = text[1:]  # counting drops the leading one: 一十一 → 十一; legal keeps 壹拾壹
    return text


FORMATS = {
    "decimal": str,
    "decimalFullWidth": lambda n: "".join(chr(0xFF10 + int(d)) for d in str(n)),
    "taiwaneseCountingThousand": chinese_count,
    "taiwaneseCounting": chinese_count,
    "chineseCountingThousand": chinese_count,
    "chineseCounting": chinese_count,
    "ideographTraditional": lambda n: _HEAVENLY[(n - 1) % 10],
    "ideographLegalTraditional": lambda n: chinese_count(n, _LEGAL, "拾佰仟"),
    "chineseLegalSimplified": lambda n: chinese_count(n, _LEGAL, "拾佰仟"),
    "none": lambda n: "",
    "bullet": lambda n: "•",
}


@dataclass
class Numbering:
    """The lists of a document and the running counters of each."""

    levels: dict[str, dict[int, tuple[str, str, int]]] = field(default_factory=dict)
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    abstract_of: dict[str, str] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    @classmethod
    def read(cls, xml: bytes | None) -> Numbering:
        numbering = cls()
        if xml is None:
            return numbering
        root = etree.fromstring(xml)
        abstracts = {}
        for abstract in root.findall("w:abstractNum", NS):
            levels = {}
            for lvl in abstract.findall("w:lvl", NS):
                fmt = lvl.find("w:numFmt", NS)
                text = lvl.find("w:lvlText", NS)
                start = lvl.find("w:start", NS)
                levels[int(lvl.get(q("ilvl")))] = (
                    fmt.get(q("val")) if fmt is not None else "decimal",
                    text.get(q("val")) if text is not None else "",
                    int(start.get(q("val"))) if start is not None else 1,
                )
            abstracts[abstract.get(q("abstractNumId"))] = levels
        for num in root.findall("w:num", NS):
            num_id = num.get(q("numId"))
            abstract_id = num.find("w:abstractNumId", NS).get(q("val"))
            numbering.abstract_of[num_id] = abstract_id
            numbering.levels[num_id] = abstracts.get(abstract_id, {})
            for override in num.findall("w:lvlOverride", NS):
                start = override.find("w:startOverride", NS)
                if start is not None:
                    level = int(override.get(q("ilvl")))
                    numbering.overrides.setdefault(num_id, {})[level] = int(start.get(q("val")))
        return numbering

    def label(self, num_id: str, level: int) -> str:
        """Advance the list ``num_id`` at ``level`` and return the label Word shows."""
        levels = self.levels.get(num_id)
        if not levels or level not in levels:
            return ""
        # Lists sharing an abstractNum continue each other, as in Word; a w:num with a
        # startOverride restarts the list the first time it is used.
        counters = self.counters.setdefault(self.abstract_of[num_id], {})
        if num_id not in self.started:
            self.started.add(num_id)
            for restart, value in self.overrides.get(num_id, {}).items():
                counters[restart] = value - 1
                for deeper in [lvl for lvl in counters if lvl > restart]:
                    del counters[deeper]
        counters[level] = counters.get(level, levels[level][2] - 1) + 1
        for deeper in [lvl for lvl in counters if lvl > level]:
            del counters[deeper]
        text = levels[level][1]
        for shown in range(level + 1):
            fmt, _, lvl_start = levels.get(shown, ("decimal", "", 1))
            value = counters.get(shown, lvl_start)
            text = text.replace(f"%{shown + 1}", FORMATS.get(fmt, str)(value))
        return text


class Styles:
    """Paragraph styles: their numbering and what they are based on."""

    def __init__(self, xml: bytes | None) -> None:
        self.numbering: dict[str, tuple[str | None, int]] = {}
        self.based_on: dict[str, str] = {}
        if xml is None:
            return
        for style in etree.fromstring(xml).findall("w:style", NS):
            style_id = style.get(q("styleId"))
            based = style.find("w:basedOn", NS)
            if based is not None:
                self.based_on[style_id] = based.get(q("val"))
            num_pr = style.find("w:pPr/w:numPr", NS)
            if num_pr is not None:
                num_id = num_pr.find("w:numId", NS)
                ilvl = num_pr.find("w:ilvl", NS)
                self.numbering[style_id] = (
                    num_id.get(q("val")) if num_id is not None else None,
                    int(ilvl.get(q("val"))) if ilvl is not None else 0,
                )

    def numbering_of(self, style_id: str | None) -> tuple[str | None, int] | None:
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            if style_id in self.numbering:
                return self.numbering[style_id]
            style_id = self.based_on.get(style_id)
        return None


def run_text(element: etree._Element) -> str:
    """Return the visible text under ``element``: text, tabs, breaks and {FIELD} codes."""
    parts: list[str] = []
    in_result = False
    for node in element.iter():
        tag = node.tag
        if tag == q("fldChar"):
            kind = node.get(q("fldCharType"))
            in_result = kind == "separate"
            if kind == "end":
                in_result = False
        elif tag == q("instrText"):
            parts.append("{" + (node.text or "").strip().split(" ")[0] + "}")
        elif in_result:
            continue
        elif tag == q("t"):
            parts.append(node.text or "")
        elif tag == q("tab"):
            parts.append("\t")
        elif tag in (q("br"), q("cr")):
            parts.append("\n" if node.get(q("type")) != "page" else "〔換頁〕")
        elif tag == q("fldSimple"):
            parts.append("{" + node.get(q("instr"), "").strip().split(" ")[0] + "}")
    return "".join(parts)


class Reader:
    """Walks a document body and yields its lines."""

    def __init__(self, parts: dict[str, bytes]) -> None:
        self.numbering = Numbering.read(parts.get("word/numbering.xml"))
        self.styles = Styles(parts.get("word/styles.xml"))

    def paragraph(self, p: etree._Element) -> str:
        style = p.find("w:pPr/w:pStyle", NS)
        style_id = style.get(q("val")) if style is not None else None
        label = self._label(p, style_id)
        text = run_text(p)
        if p.find(".//w:br[@w:type='page']", NS) is not None and not text.strip("〔換頁〕"):
            return "〔換頁〕"
        prefix = f"[{style_id}] " if style_id else ""
        return f"{prefix}{label}{text}".rstrip()

    def _label(self, p: etree._Element, style_id: str | None) -> str:
        num_pr = p.find("w:pPr/w:numPr", NS)
        found = self.styles.numbering_of(style_id)
        num_id, level = found if found else (None, 0)
        if num_pr is not None:
            num = num_pr.find("w:numId", NS)
            ilvl = num_pr.find("w:ilvl", NS)
            num_id = num.get(q("val")) if num is not None else num_id
            level = int(ilvl.get(q("val"))) if ilvl is not None else level
        if not num_id or num_id == "0":
            return ""
        return self.numbering.label(num_id, level)

    def table(self, table: etree._Element) -> list[str]:
        lines = ["[表格]"]
        for row in table.findall("w:tr", NS):
            cells = [self.cell(tc) for tc in row.findall("w:tc", NS)]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("[/表格]")
        return lines

    def cell(self, tc: etree._Element) -> str:
        texts = [self.paragraph(p) for p in tc.iter(q("p"))]
        text = " ⏎ ".join(t for t in texts if t)
        shade = tc.find("w:tcPr/w:shd", NS)
        fill = shade.get(q("fill")) if shade is not None else None
        if fill and fill.lower() not in ("auto", "ffffff"):
            text += f" 〔底色{fill.upper()}〕"
        if tc.find(".//w:sdt", NS) is not None:
            text += " 〔控制項〕"
        return text.strip()

    def body(self, root: etree._Element) -> list[str]:
        lines: list[str] = []
        for child in root:
            if child.tag == q("p"):
                lines.append(self.paragraph(child))
            elif child.tag == q("tbl"):
                lines.extend(self.table(child))
            elif child.tag == q("sdt"):
                content = child.find("w:sdtContent", NS)
                if content is not None:
                    lines.extend(self.body(content))
        return lines


def docx_parts(source: Path | bytes) -> dict[str, bytes]:
    data = source.read_bytes() if isinstance(source, Path) else source
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def docx_text(source: Path | bytes) -> str:
    """Return the document as golden text: headers, body (numbered), tables, footers."""
    parts = docx_parts(source)
    reader = Reader(parts)
    lines: list[str] = []
    for name in sorted(n for n in parts if n.startswith("word/header")):
        text = " ".join(reader.body(etree.fromstring(parts[name]))).strip()
        if text:
            lines.append(f"〔頁首〕{text}")
    body = etree.fromstring(parts["word/document.xml"]).find("w:body", NS)
    lines.extend(reader.body(body))
    for name in sorted(n for n in parts if n.startswith("word/footer")):
        text = " ".join(reader.body(etree.fromstring(parts[name]))).strip()
        if text:
            lines.append(f"〔頁尾〕{text}")
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def assert_golden(text: str, name: str) -> None:
    """Compare ``text`` with tests/golden/NAME; UPDATE_GOLDEN=1 rewrites the file instead."""
    import os

    path = Path(__file__).parent.parent / "golden" / name
    if os.environ.get("UPDATE_GOLDEN") == "1" or not path.exists():
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if os.environ.get("CI") == "true":
            raise AssertionError(f"golden file {name} was missing; it has been written")
        return
    expected = path.read_text(encoding="utf-8")
    assert text == expected, _diff(expected, text, name)


def _diff(expected: str, actual: str, name: str) -> str:
    import difflib

    diff = difflib.unified_diff(
        expected.splitlines(), actual.splitlines(), "golden/" + name, "rendered", lineterm="", n=2
    )
    return "\n".join(list(diff)[:80])
