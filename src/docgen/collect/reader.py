"""Read a returned 修正意見表 (.docx) safely: its identity and the rows of its opinion tables.

Returned files come from outside, so reading them never trusts them:

* the zip is opened with a cap on each part's decompressed size, read in chunks, so a zip bomb
  is refused after reading at most :data:`MAX_PART_BYTES` (:data:`MAX_TOTAL_BYTES` over all
  the parts of a file checked before conversion), and on the number of entries;
* XML is parsed without resolving entities, without loading a DTD and without network, and a
  part with a DOCTYPE is refused outright (no external or recursive entities);
* only the parts needed are read: the main document, the custom properties, the custom XML
  parts, the relationships.

The identity is read from every carrier: the custom properties and the custom XML part that
docgen writes now, and the hidden run in the body that forms sent out by earlier versions carry.

Cell text is what a reader sees once every tracked change is accepted: inserted text (w:ins,
w:moveTo) counts, deleted and moved-away text (w:del, w:delText, w:moveFrom) does not, a
paragraph whose mark was deleted runs on into the next; content controls (w:sdt) give their
content; comments are ignored; several paragraphs in a cell keep their line breaks;
zero-width characters (U+200B and the like, invisible) are dropped.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from docgen.model.identity import HIDDEN_MARKER, FormIdentity, from_properties, from_text
from docgen.ooxml import custom_xml
from docgen.ooxml.embed import IDENTITY_TAG, identity_values
from docgen.ooxml.namespaces import CUSTOM, MC, W, w
from docgen.ooxml.zip import open_zip, parse_xml, read_part
from docgen.problems import RejectedFile
from docgen.workbook.values import drop_zero_width

OFFICE_DOCUMENT = "officeDocument"
CUSTOM_PROPERTIES = "custom-properties"

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"

HEADERS = {
    "措施編號": "measure",
    "現行內容": "current",
    "意見類型": "kind",
    "建議內容": "proposal",
    "理由": "reason",
}
REQUIRED_HEADERS = ("measure", "kind", "proposal")
# The table of a case's proposed new measures, after its opinion table.
NEW_MEASURE_HEADERS = {
    "新增措施內容": "proposal",
    "對應風險": "risk",
    "權責單位": "owner",
    "協辦單位": "assist",
    "完成期限": "deadline",
    "理由": "reason",
}
NEW_MEASURE_KEY = "新增措施內容"
MAX_HIDDEN_RECORDS = 10  # a form has one; more than a few is someone's doing

# Subtrees whose text a reader does not see once tracked changes are accepted.
_SKIPPED = {
    f"{{{W}}}{tag}"
    for tag in (
        "del",
        "moveFrom",
        "delText",
        "delInstrText",
        "instrText",
        "pPr",
        "rPr",
        "sdtPr",
        "sdtEndPr",
        "fldData",
        "footnoteReference",
        "endnoteReference",
        "commentReference",
    )
} | {f"{{{MC}}}Fallback"}


@dataclass(frozen=True)
class FormRow:
    """One data row of an opinion table, as the unit left it (text per column)."""

    number: int
    measure: str = ""
    current: str = ""
    kind: str = ""
    proposal: str = ""
    reason: str = ""
    risk: str = ""  # the next four only in a table of new measures
    owner: str = ""
    assist: str = ""
    deadline: str = ""


@dataclass(frozen=True)
class FormTable:
    """An opinion table: the paragraphs just before it (nearest first) and its data rows.

    ``new_measures`` marks the table of proposed new measures that follows a case's opinion
    table; it shares ``index`` with that opinion table (-1 when none came before).
    """

    index: int
    preceding: tuple[str, ...]
    rows: tuple[FormRow, ...]
    new_measures: bool = False


@dataclass(frozen=True)
class FormContent:
    """What a returned form holds: its identity (from any carrier) and its tables.

    ``identities`` is every distinct record the carriers hold (custom properties first, then the
    custom XML part, then hidden runs), so
    that carriers which disagree can be told; ``identity`` is the first of them.
    """

    identity: FormIdentity | None
    tables: tuple[FormTable, ...] = field(default=())
    carriers: tuple[str, ...] = field(default=())
    identities: tuple[FormIdentity, ...] = field(default=())

    def all_identities(self) -> tuple[FormIdentity, ...]:
        """Return every distinct identity record found (at least ``identity`` when set)."""
        if self.identities:
            return self.identities
        return (self.identity,) if self.identity is not None else ()


# --- the file ---------------------------------------------------------------------------


def check_signature(path: Path) -> None:
    """Refuse what is clearly not a .docx: an empty file, an old .doc, anything not a zip."""
    with path.open("rb") as stream:
        head = stream.read(8)
    if not head:
        raise RejectedFile("檔案是空的（0 位元組）")
    if head.startswith(OLE_MAGIC):
        raise RejectedFile(
            "這是舊版 Word（.doc）或設有密碼的文件；請以 Word 另存為 .docx（不設密碼）後再回收"
        )
    if not head.startswith(ZIP_MAGIC):
        raise RejectedFile("不是 Word 文件（.docx），也不是修正意見表")


# --- the form -----------------------------------------------------------------------------------


def read_form(path: Path) -> FormContent:
    """Return the identity and opinion tables of the .docx at ``path``.

    Raise :class:`RejectedFile` when the file is unsafe, corrupt or not a Word document.
    """
    check_signature(path)
    with open_zip(path) as archive:
        targets = _package_targets(archive)
        main = targets.get(OFFICE_DOCUMENT)
        if main is None or not main.startswith("word/"):
            names = set(archive.namelist())
            raise RejectedFile(_not_a_document(names))
        document = read_part(archive, main)
        if document is None:
            raise RejectedFile("Word 文件缺少本文（document.xml），檔案可能已損壞")
        root = parse_xml(document, main)
        custom_name = targets.get(CUSTOM_PROPERTIES, "docProps/custom.xml")
        custom = read_part(archive, custom_name)
        properties = _custom_properties(parse_xml(custom, custom_name)) if custom else {}
        part = custom_xml.find_in(archive, IDENTITY_TAG)
        stored = identity_values(part) if part is not None else {}
    return _content(root, properties, stored)


def _not_a_document(names: set[str]) -> str:
    if "xl/workbook.xml" in names:
        return "這是 Excel 活頁簿，不是修正意見表"
    if "ppt/presentation.xml" in names:
        return "這是 PowerPoint 簡報，不是修正意見表"
    if "content.xml" in names:
        return "這是 ODF 文件，但副檔名不是 .odt；請改名為 .odt 後再回收"
    return "不是 Word 文件（.docx），也不是修正意見表"


def _package_targets(archive: zipfile.ZipFile) -> dict[str, str]:
    """Return the package relationships' targets by the last word of their type."""
    data = read_part(archive, "_rels/.rels")
    if data is None:
        return {}
    targets = {}
    for relationship in parse_xml(data, "_rels/.rels"):
        kind = relationship.get("Type", "").rsplit("/", 1)[-1]
        target = relationship.get("Target", "").lstrip("/")
        if kind and target and relationship.get("TargetMode") != "External":
            targets.setdefault(kind, target)
    return targets


def _custom_properties(root: etree._Element) -> dict[str, str]:
    found = {}
    for item in root.iter(f"{{{CUSTOM}}}property"):
        name = item.get("name")
        if name:
            found[name] = "".join(item.itertext())
    return found


def _content(
    root: etree._Element, properties: dict[str, str], stored: dict[str, str]
) -> FormContent:
    body = root.find(w("body"))
    if body is None:
        raise RejectedFile("Word 文件沒有本文，檔案可能已損壞")
    carriers = []
    found: list[FormIdentity] = []
    for carrier, values in (("custom", properties), ("xml", stored)):
        identity = from_properties(values)
        if identity is not None:
            carriers.append(carrier)
            found.append(identity)
    hidden = _hidden_identities(body)  # forms sent out by docgen before the custom XML part
    if hidden:
        carriers.append("hidden")
        found.extend(hidden)
    identities = tuple(dict.fromkeys(found))
    first = identities[0] if identities else None
    return FormContent(first, tuple(_tables(body)), tuple(carriers), identities)


def _hidden_identities(body: etree._Element) -> list[FormIdentity]:
    """Return every identity record in the body's paragraphs (normally exactly one)."""
    found: list[FormIdentity] = []
    for paragraph in body.iter(w("p")):
        text = "".join(t.text or "" for t in paragraph.iter(w("t")))
        start = text.find(HIDDEN_MARKER)
        while start >= 0 and len(found) < MAX_HIDDEN_RECORDS:
            identity = from_text(text[start:])
            if identity is not None:
                found.append(identity)
            start = text.find(HIDDEN_MARKER, start + len(HIDDEN_MARKER))
    return found


# --- walking the body ---------------------------------------------------------------------------

_WRAPPERS = {w("sdt"), w("customXml"), w("smartTag"), w("ins"), w("moveTo")}


def _blocks(container: etree._Element) -> Iterator[etree._Element]:
    """Yield the paragraphs and tables of ``container`` in order, through sdt/customXml."""
    for child in container:
        if child.tag in (w("p"), w("tbl")):
            yield child
        elif child.tag in _WRAPPERS:
            content = child.find(w("sdtContent")) if child.tag == w("sdt") else child
            if content is not None:
                yield from _blocks(content)


def _tables(body: etree._Element) -> Iterator[FormTable]:
    preceding: list[str] = []
    index = 0
    for block in _blocks(body):
        if block.tag == w("p"):
            text = paragraph_text(block).strip()
            if text:
                preceding.insert(0, text)
            continue
        table = _opinion_table(block, index, tuple(preceding[:4]))
        if table is not None:
            yield table
            index += 0 if table.new_measures else 1
        preceding = []


def _rows(table: etree._Element) -> Iterator[etree._Element]:
    """Yield the rows of ``table`` (through row-level sdt), leaving out tracked-deleted rows."""
    for child in table:
        if child.tag == w("tr"):
            if child.find(f"{w('trPr')}/{w('del')}") is None:
                yield child
        elif child.tag in _WRAPPERS:
            content = child.find(w("sdtContent")) if child.tag == w("sdt") else child
            if content is not None:
                yield from _rows(content)


def _cells(row: etree._Element) -> Iterator[tuple[int, etree._Element]]:
    """Yield (grid column, cell) for each cell of ``row``, honouring gridBefore and gridSpan.

    A count that is not a small whole number (``w:val="x"``, ``-3``, ``1e9``) counts as Word
    reads an unusable one: as absent.
    """
    column = _count(row.find(f"{w('trPr')}/{w('gridBefore')}"), 0)
    for cell in _row_cells(row):
        yield column, cell
        column += _count(cell.find(f"{w('tcPr')}/{w('gridSpan')}"), 1)


def _count(element: etree._Element | None, default: int) -> int:
    """Return the element's ``w:val`` as a count (0 to 999), else ``default``."""
    value = element.get(w("val"), "") if element is not None else ""
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 3 else default


def _row_cells(row: etree._Element) -> Iterator[etree._Element]:
    for child in row:
        if child.tag == w("tc"):
            yield child
        elif child.tag in _WRAPPERS:
            content = child.find(w("sdtContent")) if child.tag == w("sdt") else child
            if content is not None:
                yield from _row_cells(content)


def _header(row: etree._Element) -> tuple[dict[int, str], bool] | None:
    """Return (grid column → field, is a new-measures table) when ``row`` is a header row."""
    labels = [(column, re.sub(r"\s+", "", cell_text(cell))) for column, cell in _cells(row)]
    if any(label == NEW_MEASURE_KEY for _, label in labels):
        found = {
            c: NEW_MEASURE_HEADERS[label] for c, label in labels if label in NEW_MEASURE_HEADERS
        }
        return found, True
    columns = {column: HEADERS[label] for column, label in labels if label in HEADERS}
    if all(name in columns.values() for name in REQUIRED_HEADERS):
        return columns, False
    return None


def _opinion_table(
    table: etree._Element, index: int, preceding: tuple[str, ...]
) -> FormTable | None:
    rows = list(_rows(table))
    if not rows:
        return None
    header = _header(rows[0])
    if header is None:
        return None
    columns, new_measures = header
    found = []
    for number, row in enumerate(rows[1:], start=1):
        if _header(row) is not None:
            continue  # a header row repeated by hand
        values = {
            columns[column]: cell_text(cell)
            for column, cell in _cells(row)
            if column in columns and not _continues_merge(cell)
        }
        found.append(FormRow(number=number, **values))
    if new_measures:
        return FormTable(index - 1, preceding, tuple(found), new_measures=True)
    return FormTable(index=index, preceding=preceding, rows=tuple(found))


def _continues_merge(cell: etree._Element) -> bool:
    merge = cell.find(f"{w('tcPr')}/{w('vMerge')}")
    return merge is not None and merge.get(w("val"), "continue") == "continue"


# --- text ---------------------------------------------------------------------------------------


def cell_text(cell: etree._Element) -> str:
    """Return a cell's text with tracked changes accepted; paragraphs become lines."""
    lines: list[str] = []
    run_on = False
    for paragraph in cell.iter(w("p")):
        text = paragraph_text(paragraph)
        if run_on and lines:
            lines[-1] += text
        else:
            lines.append(text)
        run_on = _mark_removed(paragraph)
    # Invisible characters (the U+200B docgen's forms put after 「、」) are no one's typing: kept,
    # they would make an untouched 現行內容 differ from its measure and reach the workbook.
    return drop_zero_width("\n".join(line.rstrip() for line in lines)).strip()


def _mark_removed(paragraph: etree._Element) -> bool:
    """Return True when the paragraph's mark is a tracked deletion (it joins the next one)."""
    marks = paragraph.find(f"{w('pPr')}/{w('rPr')}")
    if marks is None:
        return False
    return marks.find(w("del")) is not None or marks.find(w("moveFrom")) is not None


def paragraph_text(paragraph: etree._Element) -> str:
    """Return the text of one paragraph as shown with tracked changes accepted."""
    parts: list[str] = []
    _collect(paragraph, parts)
    return "".join(parts)


def _collect(element: etree._Element, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue
        if tag == w("t"):
            parts.append(child.text or "")
        elif tag == w("tab"):
            parts.append("\t")
        elif tag in (w("br"), w("cr")):
            parts.append("\n")
        elif tag == w("noBreakHyphen"):
            parts.append("-")
        elif tag == w("p"):
            continue  # a paragraph nested in a text box: not this paragraph's text
        else:
            _collect(child, parts)
