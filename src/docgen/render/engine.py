"""docxtpl's rendering of a Word template, done on the package's XML with lxml alone.

docxtpl renders through python-docx's object model: it opens the whole package as python-docx
objects, serialises the body to text for Jinja, parses the result back and saves the package.
Importing the two costs more than rendering a document, and their model adds nothing to a
transformation of a few XML parts. This module takes the same steps, in the same order, on
the zip's parts, so the parts it writes are the ones docxtpl and python-docx write:

* the body (parsed as python-docx parses, blank text removed) is serialised, cleaned into Jinja
  source by docxtpl's ``patch_xml`` (kept in the private cache, :func:`cached_text`; docxtpl is
  imported only to fill the cache), rendered with each paragraph on its own source line, its
  values' line breaks and tabs turned into Word's markup (:func:`resolve_listing`), parsed
  back as docxtpl does (recovering), its table grids fitted to their cells
  (:func:`fit_table_grids`) and its drawings renumbered, then moved into the document in small
  pieces (:func:`replace_children`);
* each header and footer the main document refers to, and the footnotes, are rendered the same
  way; the core properties docxtpl renders (author, comments, identifier, language, subject,
  title) are rendered, then dated and signed as docgen writes them;
* every other entry is the template's own bytes, in the template's order.

A template that is not a Word document raises :class:`ValueError`; the caller names it.
"""

from __future__ import annotations

import functools
import itertools
import posixpath
import re
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from docgen.ooxml.zip import MAX_ENTRIES, read_part

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DOCUMENT_REL = f"{OFFICE_RELS}/officeDocument"
CORE_REL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
HEADER_REL, FOOTER_REL = f"{OFFICE_RELS}/header", f"{OFFICE_RELS}/footer"
DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
CORE_TYPE = "application/vnd.openxmlformats-package.core-properties+xml"
MAX_TEMPLATE_PART = 64 * 1024 * 1024
MAX_TEMPLATE_BYTES = 160 * 1024 * 1024

# python-docx's parser (blank text between elements dropped), and docxtpl's for rendered XML.
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
_RENDERED_PARSER = etree.XMLParser(recover=True)


class NotWordML(ValueError):
    """A part of the template, or what rendering made of it, is not WordprocessingML."""


def w(tag: str) -> str:
    """Return the Clark name of a WordprocessingML tag."""
    return f"{{{W}}}{tag}"


@dataclass
class Package:
    """A template's entries (name → bytes, in zip order) and where its parts are."""

    entries: dict[str, bytes]
    main: str
    content_types: dict[str, str] = field(default_factory=dict)

    def relationships(self, part: str) -> list[tuple[str, str]]:
        """Return the (type, target part) of each internal relationship of ``part``, in order."""
        folder, name = posixpath.split(part)
        data = self.entries.get(posixpath.join(folder, "_rels", f"{name}.rels"))
        if not data:
            return []
        found = []
        for relation in etree.fromstring(data, _PARSER).iter(f"{{{PACKAGE_RELS}}}Relationship"):
            if relation.get("TargetMode") == "External":
                continue
            target = relation.get("Target", "")
            target = target[1:] if target.startswith("/") else posixpath.join(folder, target)
            found.append((relation.get("Type", ""), posixpath.normpath(target)))
        return found


def open_package(path: Path) -> Package:
    """Return the template at ``path`` read; raise ValueError when it is not a Word document."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = _bounded_entries(archive)
    except (zipfile.BadZipFile, OSError) as error:
        raise ValueError(f"not a zip: {error}") from None
    types = _content_types(entries.get("[Content_Types].xml", b""))
    roots = Package(entries, "", types).relationships("")
    main = next((target for kind, target in roots if kind == DOCUMENT_REL), "")
    if _content_type(types, main) != DOCUMENT_TYPE or main not in entries:
        raise ValueError(f"not a Word document: {main!r}")
    return Package(entries, main, types)


def _bounded_entries(archive: zipfile.ZipFile) -> dict[str, bytes]:
    """Return every entry of ``archive`` inflated, refusing one past the caps (a zip bomb)."""
    infos = [info for info in archive.infolist() if not info.is_dir()]
    if len(infos) > MAX_ENTRIES:
        raise ValueError(f"{len(infos)} entries")
    entries: dict[str, bytes] = {}
    total = 0
    for info in infos:
        data = entries[info.filename] = read_part(archive, info.filename, MAX_TEMPLATE_PART) or b""
        total += len(data)
        if total > MAX_TEMPLATE_BYTES:
            raise ValueError("the template inflates past the cap")
    return entries


def _content_types(data: bytes) -> dict[str, str]:
    """Return the package's content types: ``/part`` overrides and ``.ext`` defaults."""
    types: dict[str, str] = {}
    for item in etree.fromstring(data, _PARSER):
        if item.tag == f"{{{CONTENT_TYPES}}}Override":
            types[item.get("PartName", "").lstrip("/")] = item.get("ContentType", "")
        elif item.tag == f"{{{CONTENT_TYPES}}}Default":
            types["." + item.get("Extension", "").lower()] = item.get("ContentType", "")
    return types


def _content_type(types: Mapping[str, str], part: str) -> str:
    return types.get(part) or types.get(posixpath.splitext(part)[1].lower(), "")


# --- the steps, as docxtpl takes them ------------------------------------------------------------


Render = Callable[[str], str]  # Jinja source → rendered XML, in the caller's environment


@dataclass
class Rendered:
    """A rendered template: its entries in order, the main document's body still a tree.

    ``from_trees`` names the entries serialised from a tree here (well-formed by
    construction); the others are the template's bytes or rendered text (footnotes).
    """

    entries: list[tuple[str, bytes]]
    main: str
    body: etree._Element
    from_trees: frozenset[str]

    def finished(self) -> list[tuple[str, bytes]]:
        """Return the entries with the main document serialised from its body as it is now."""
        document = _serialised(self.body.getroottree().getroot())
        return [(name, document if name == self.main else data) for name, data in self.entries]


def render_package(
    package: Package,
    render: Render,
    patch: Callable[[str], str],
    moment: datetime,
    title: str,
) -> Rendered:
    """Return ``package`` rendered: body, headers, footers, footnotes and core properties.

    ``patch`` is docxtpl's clean-up of XML into Jinja source; ``render`` renders Jinja source.
    """
    document = etree.fromstring(package.entries[package.main], _PARSER)
    body = document.find(w("body"))
    if body is None:
        raise NotWordML("the main document has no body")
    tree = fit_table_grids(render_part(patch(_text(body)), render))
    if tree is None or tree.tag != w("body"):
        raise NotWordML("the rendered body is not a body")
    _renumber_drawings(tree)
    replace_children(body, tree)
    replaced: dict[str, bytes] = {}
    for kind, part in package.relationships(package.main):
        if kind in (HEADER_REL, FOOTER_REL) and package.entries.get(part):
            source = _text(etree.fromstring(package.entries[part], _PARSER))
            rendered = render_part(patch(source), render).encode("utf-8")
            replaced[part] = _serialised(etree.fromstring(rendered, _PARSER))
    trees = {package.main, *replaced}
    for part, data in package.entries.items():
        if _content_type(package.content_types, part) == FOOTNOTES_TYPE:
            try:
                source = data.decode("utf-8")
            except UnicodeDecodeError:
                raise NotWordML(f"{part} is not UTF-8") from None
            replaced[part] = render_part(patch(source), render).encode("utf-8")
    core = core_properties(package, render, moment, title)
    trees.add(core.name)
    added = _added_core_entries(package, core)
    replaced[core.name] = core.data
    entries = [(name, replaced.get(name, data)) for name, data in package.entries.items()]
    return Rendered([*entries, *added], package.main, body, frozenset(trees))


def _text(element: etree._Element) -> str:
    """Return ``element`` as docxtpl reads a part: XML text, no declaration, not indented."""
    return etree.tostring(element, encoding="unicode", pretty_print=False)


def _serialised(element: etree._Element) -> bytes:
    """Return ``element`` as python-docx writes an XML part."""
    return etree.tostring(element, encoding="UTF-8", standalone=True)


# docxtpl's ``<w:p([ >])`` → ``\n<w:p\1`` and back (render_xml_part), written with a lookahead
# and a plain replacement, which the regular expression engine applies without calling Python.
_PARAGRAPH_START = re.compile(r"<w:p(?=[ >])")
_LINE_BEFORE_PARAGRAPH = re.compile(r"\n(?=<w:p[ >])")


def paragraph_lines(source: str) -> str:
    """Return ``source`` with a line break before each paragraph, as docxtpl renders it."""
    return _PARAGRAPH_START.sub("\n<w:p", source)


def render_part(source: str, render: Render) -> str:
    """Return the Jinja ``source`` of a part rendered, as docxtpl's ``render_xml_part`` does.

    Each paragraph starts a source line (so that an error names its line), the lines are
    joined again after rendering, docxtpl's escaped braces are restored, and line breaks,
    tabs and page breaks typed in values become Word's markup.
    """
    rendered = _LINE_BEFORE_PARAGRAPH.sub("", render(_lines(source)))
    rendered = (
        rendered.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    )
    return resolve_listing(rendered)


@functools.lru_cache(maxsize=32)
def _lines(source: str) -> str:
    """Return :func:`paragraph_lines` of ``source``, kept for the next document of a template."""
    return paragraph_lines(source)


def template_source(package: Package, patch: Callable[[str], str]) -> str:
    """Return the body's Jinja source (for explaining an error in it)."""
    document = etree.fromstring(package.entries[package.main], _PARSER)
    return patch(_text(document.find(w("body"))))


# --- line breaks, tabs and page breaks in values (docxtpl's resolve_listing) ----------------------

_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)
_RUN = re.compile(r"<w:r(?: [^>]*)?>.*?</w:r>", re.DOTALL)
_TEXT = re.compile(r"<w:t(?: [^>]*)?>.*?</w:t>", re.DOTALL)
_PARAGRAPH_PROPERTIES = re.compile(r"<w:pPr>.*?</w:pPr>")
_RUN_PROPERTIES = re.compile(r"<w:rPr>.*?</w:rPr>")
_LISTING_CHARACTERS = re.compile("[\t\a\n\f]")


def resolve_listing(xml: str) -> str:
    """Turn tabs, bells, newlines and form feeds in text into Word's markup, as docxtpl does.

    They become a tab, a new paragraph, a line break and a page break.
    """
    return listings_resolved(xml, _resolve_paragraph)


def listings_resolved(xml: str, resolve: Callable[[str], str]) -> str:
    """Return ``xml`` with ``resolve`` applied to each paragraph holding a listing character.

    The paragraphs are those docxtpl's pattern (:data:`_PARAGRAPH`) finds scanning the whole
    text, as ``_PARAGRAPH.sub`` does; the stretch before the next listing character is not
    scanned paragraph by paragraph but copied at once (:func:`_scan_boundary`).
    """
    pieces: list[str] = []
    position = 0  # where the scan resumes, between two of its paragraphs
    while (character := _LISTING_CHARACTERS.search(xml, position)) is not None:
        match = _PARAGRAPH.search(xml, _scan_boundary(xml, position, character.start()))
        if match is None:
            break
        text = match.group(0)
        if _LISTING_CHARACTERS.search(text) is not None:
            text = resolve(text)
        pieces += (xml[position : match.start()], text)
        position = match.end()
    pieces.append(xml[position:])
    return "".join(pieces)


def _scan_boundary(xml: str, start: int, end: int) -> int:
    """Return where, by ``end``, the paragraph scan resumed at ``start`` is between paragraphs.

    That is just after the last ``</w:p>`` ending by ``end``: a paragraph found from ``start``
    ends at the first ``</w:p>`` after its opening tag, so none runs over that place, unless
    an opening tag ``<w:p `` before it reaches beyond it, its ``>`` being that of the
    ``</w:p>`` (text no serialiser writes, but possible in a comment). Then, and when there is
    no ``</w:p>``, it is ``start``.
    """
    close = xml.rfind("</w:p>", start, end)
    if close < 0:
        return start
    bracket = xml.rfind(">", start, close + 5)
    if xml.find("<w:p ", max(bracket + 1, start), close) >= 0:
        return start
    return close + len("</w:p>")


def _resolve_paragraph(text: str) -> str:
    found = _PARAGRAPH_PROPERTIES.search(text)
    paragraph_properties = found.group(0) if found else ""
    return _RUN.sub(lambda run: _resolve_run(paragraph_properties, run.group(0)), text)


def _resolve_run(paragraph_properties: str, run: str) -> str:
    found = _RUN_PROPERTIES.search(run)
    run_properties = found.group(0) if found else ""
    return _TEXT.sub(
        lambda text: _resolve_text(run_properties, paragraph_properties, text.group(0)), run
    )


def _resolve_text(run_properties: str, paragraph_properties: str, xml: str) -> str:
    xml = xml.replace(
        "\t",
        "</w:t></w:r>"
        f"<w:r>{run_properties}<w:tab/></w:r>"
        f'<w:r>{run_properties}<w:t xml:space="preserve">',
    )
    xml = xml.replace(
        "\a",
        "</w:t></w:r></w:p>"
        f'<w:p>{paragraph_properties}<w:r>{run_properties}<w:t xml:space="preserve">',
    )
    xml = xml.replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')
    return xml.replace(
        "\f",
        "</w:t></w:r></w:p>"
        '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
        f'<w:p>{paragraph_properties}<w:r>{run_properties}<w:t xml:space="preserve">',
    )


# --- table grids (docxtpl's fix_tables) -----------------------------------------------------------


def fit_table_grids(xml: str) -> etree._Element:
    """Return the rendered body parsed as docxtpl parses it, each table's grid fitted.

    docxtpl's ``fix_tables``: a table whose rows hold more cells than its grid has columns
    gets columns added (the table's width shared among them); one whose grid has more
    columns than its widest row spans loses the extra ones (their width shared among the
    others). A table whose grid fits its cells is left untouched. Where docxtpl stops with an
    error (a table without a grid, a span that is not a number, a namespace prefix other than
    ``w``), the table is read as Word reads it instead.
    """
    tree = etree.fromstring(xml, parser=_RENDERED_PARSER)
    if tree is None or _grids_fit(tree):
        return tree
    for table in tree.iter(w("tbl")):
        grid = table.find(w("tblGrid"))
        if grid is None:
            continue
        rows = [row.findall(w("tc")) for row in table.iter(w("tr"))]
        _add_grid_columns(grid, max((len(cells) for cells in rows), default=0))
        _remove_grid_columns(grid, max((_spanned(cells) for cells in rows), default=0))
    return tree


_TABLE, _GRID, _GRID_COLUMN, _ROW, _CELL, _CELL_PROPERTIES, _SPAN = (
    w(name) for name in ("tbl", "tblGrid", "gridCol", "tr", "tc", "tcPr", "gridSpan")
)


def _grids_fit(tree: etree._Element) -> bool:
    """Return True when no table's grid would change: one walk of the tree, in document order.

    Every row must hold no more cells than its table's grid has columns, and the widest row
    must span them all. A table in a table, or a row found outside the table being read,
    gives False: the table-by-table fit then decides exactly.
    """
    table: etree._Element | None = None
    row: etree._Element | None = None
    columns = widest = cells = spanned = 0
    for element in tree.iter(_TABLE, _ROW, _CELL, _SPAN):
        tag = element.tag
        if tag == _SPAN:
            if _counts_as_span(element, row):
                spanned += _span(element.get(w("val"))) - 1
        elif tag == _CELL:
            if element.getparent() is row:
                cells += 1
                spanned += 1
        else:
            if row is not None:  # the previous row is complete
                if cells > columns:
                    return False
                widest = max(widest, spanned)
            cells = spanned = 0
            if tag == _ROW:
                if _nearest_table(element) is not table:
                    return False
                row = element
            else:
                if not _table_fits(table, columns, widest) or _nearest_table(element) is not None:
                    return False
                table, row, widest = element, None, 0
                grid = element.find(_GRID)
                columns = -1 if grid is None else len(grid.findall(_GRID_COLUMN))
    if row is not None:
        if cells > columns:
            return False
        widest = max(widest, spanned)
    return _table_fits(table, columns, widest)


def _counts_as_span(span: etree._Element, row: etree._Element | None) -> bool:
    """Return True when ``span`` is what docxtpl reads as a cell's span, the cell in ``row``.

    That is the first ``w:gridSpan`` of the first ``w:tcPr`` of a cell of the row.
    """
    properties = span.getparent()
    cell = properties.getparent() if properties.tag == _CELL_PROPERTIES else None
    return (
        cell is not None
        and cell.getparent() is row
        and properties is cell.find(_CELL_PROPERTIES)
        and span is properties.find(_SPAN)
    )


def _table_fits(table: etree._Element | None, columns: int, widest: int) -> bool:
    """Return True when the table read (if any) needs no grid change (no grid: left alone)."""
    return table is None or columns < 0 or widest >= columns


def _nearest_table(element: etree._Element) -> etree._Element | None:
    parent = element.getparent()
    if parent is not None and parent.tag == _TABLE:
        return parent
    return next(element.iterancestors(_TABLE), None)


def _add_grid_columns(grid: etree._Element, cells: int) -> None:
    columns = grid.findall(w("gridCol"))
    missing = cells - len(columns)
    widths = _widths(columns)
    if missing <= 0 or widths is None or sum(widths) <= 0:
        return
    old_average, new_average = sum(widths) / len(columns), sum(widths) / (len(columns) + missing)
    for column, width in zip(columns, widths, strict=True):
        column.set(w("w"), str(int(width * new_average / old_average)))
    for _ in range(missing):
        etree.SubElement(grid, w("gridCol"), {w("w"): str(int(new_average))})


def _remove_grid_columns(grid: etree._Element, spanned: int) -> None:
    columns = grid.findall(w("gridCol"))
    extra = len(columns) - spanned
    widths = _widths(columns)
    if extra <= 0 or widths is None:
        return
    for column in columns[-extra:]:
        grid.remove(column)
    left = list(zip(columns[:-extra], widths[:-extra], strict=True))
    share = int(sum(widths[-extra:]) / len(left)) if left else 0
    for column, width in left:
        column.set(w("w"), str(int(width + share)))


def _widths(columns: list[etree._Element]) -> list[float] | None:
    """Return the columns' widths, or None when one has none that is a number (left alone)."""
    try:
        return [float(column.get(w("w"))) for column in columns]  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _spanned(cells: list[etree._Element]) -> int:
    """Return the grid columns a row's cells span (``gridSpan`` counted, 1 if unreadable)."""
    total = 0
    for cell in cells:
        properties = cell.find(w("tcPr"))
        span = None if properties is None else properties.find(w("gridSpan"))
        total += _span(span.get(w("val"))) if span is not None else 1
    return total


def _span(value: str | None) -> int:
    """Return a ``gridSpan`` value (docxtpl fails on one that is not a number; Word reads 1)."""
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 1


def _renumber_drawings(tree: etree._Element) -> None:
    """Give every drawing of the body a fresh id from 1001 on, as docxtpl does."""
    for number, element in enumerate(tree.iter(f"{{{WP}}}docPr"), start=1001):
        element.attrib["id"] = str(number)


# --- moving the rendered body in ------------------------------------------------------------------


def replace_children(body: etree._Element, rendered: etree._Element) -> None:
    """Give ``body`` the attributes and children of ``rendered``, another document's body.

    The old children are dropped at once, with no Python object made for them: removing them
    one by one would have lxml fix each one's namespaces before freeing it.
    """
    body.clear(keep_tail=True)  # text, attributes and children
    body.attrib.update(rendered.attrib)
    body.text = rendered.text
    _move_children(rendered, body)


def _move_children(source: etree._Element, target: etree._Element) -> None:
    """Append the children of ``source`` to ``target`` (in another document), in small pieces.

    lxml fixes each moved node's namespaces against a list that grows with every
    ``xml:space`` attribute, a cost growing with their square when a long body moves at once.
    A child holding more than :data:`SMALL_SUBTREE` elements (a long table) is not moved
    whole: an empty copy of it takes its place and its own children are moved into the copy
    the same way. The copy declares no namespace of its own, so this is done only where the
    child declares none beyond its parent's, and gives the same XML as moving it whole.
    """
    for child in list(source):
        if isinstance(child.tag, str) and _is_large(child) and child.nsmap == source.nsmap:
            shell = etree.SubElement(target, child.tag, dict(child.attrib))
            shell.text, shell.tail = child.text, child.tail
            _move_children(child, shell)
        else:
            target.append(child)


SMALL_SUBTREE = 256


def _is_large(element: etree._Element) -> bool:
    """Return True when ``element`` holds more than :data:`SMALL_SUBTREE` elements."""
    return next(itertools.islice(element.iter(), SMALL_SUBTREE, None), None) is not None


# --- core properties ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """A part to write: its name and bytes."""

    name: str
    data: bytes


CORE_PART = "docProps/core.xml"
# The core properties docxtpl renders as templates, in its order: (namespace, element).
RENDERED_PROPERTIES = (
    (DC, "creator"),
    (DC, "description"),
    (DC, "identifier"),
    (DC, "language"),
    (DC, "subject"),
    (DC, "title"),
)
MAX_PROPERTY = 255  # characters python-docx allows in a text property


def core_properties(package: Package, render: Render, moment: datetime, title: str) -> Part:
    """Return the core properties rendered (as docxtpl does), then dated and signed."""
    name = _core_part(package)
    data = package.entries.get(name) if name else None
    root = etree.fromstring(data, _PARSER) if data else _new_core()
    for namespace, tag in RENDERED_PROPERTIES:
        _set_text(root, namespace, tag, render(_property_text(root, namespace, tag)))
    stamp = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    for namespace, tag in ((DCTERMS, "created"), (DCTERMS, "modified"), (CP, "lastPrinted")):
        _set_text(root, namespace, tag, stamp)
        if tag in ("created", "modified"):
            root.set(f"{{{XSI}}}foo", "bar")  # declares xsi on the root, as python-docx does
            _child(root, namespace, tag).set(f"{{{XSI}}}type", "dcterms:W3CDTF")
            del root.attrib[f"{{{XSI}}}foo"]
    _set_text(root, CP, "revision", "1")
    _set_text(root, DC, "creator", "docgen")
    _set_text(root, CP, "lastModifiedBy", "docgen")
    if title:
        _set_text(root, DC, "title", title)
    return Part(name or CORE_PART, _serialised(root))


def _core_part(package: Package) -> str:
    return next((target for kind, target in package.relationships("") if kind == CORE_REL), "")


def _new_core() -> etree._Element:
    return etree.Element(f"{{{CP}}}coreProperties", nsmap={"cp": CP, "dc": DC, "dcterms": DCTERMS})


def _child(root: etree._Element, namespace: str, tag: str) -> etree._Element:
    found = root.find(f"{{{namespace}}}{tag}")
    return found if found is not None else etree.SubElement(root, f"{{{namespace}}}{tag}")


def _property_text(root: etree._Element, namespace: str, tag: str) -> str:
    found = root.find(f"{{{namespace}}}{tag}")
    return (found.text or "") if found is not None else ""


def _set_text(root: etree._Element, namespace: str, tag: str, value: str) -> None:
    _child(root, namespace, tag).text = value[:MAX_PROPERTY]


def _added_core_entries(package: Package, core: Part) -> list[tuple[str, bytes]]:
    """Return the core properties as a new entry when the template has none (else nothing).

    The part's relationship and content type are then added to the package's own entries.
    """
    if core.name in package.entries:
        return []
    _register_core(package, core.name)
    return [(core.name, core.data)]


def _register_core(package: Package, name: str) -> None:
    """Add the core properties' relationship and content type to the package's entries."""
    rels = package.entries.get("_rels/.rels")
    root = (
        etree.fromstring(rels, _PARSER)
        if rels
        else etree.Element(f"{{{PACKAGE_RELS}}}Relationships", nsmap={None: PACKAGE_RELS})
    )
    used = {relation.get("Id") for relation in root}
    identifier = next(f"rId{n}" for n in itertools.count(1) if f"rId{n}" not in used)
    etree.SubElement(
        root, f"{{{PACKAGE_RELS}}}Relationship", Id=identifier, Type=CORE_REL, Target=name
    )
    package.entries["_rels/.rels"] = _serialised(root)
    types = etree.fromstring(package.entries["[Content_Types].xml"], _PARSER)
    etree.SubElement(
        types, f"{{{CONTENT_TYPES}}}Override", PartName=f"/{name}", ContentType=CORE_TYPE
    )
    package.entries["[Content_Types].xml"] = _serialised(types)


def docxtpl_patch(xml: str) -> str:
    """Return docxtpl's ``patch_xml`` of ``xml`` (it uses nothing of its template object)."""
    from docxtpl import DocxTemplate

    return DocxTemplate.patch_xml(None, xml)  # type: ignore[arg-type]


@functools.cache
def docxtpl_code_digest() -> str:
    """Return the SHA-256 of docxtpl's template code, found without importing docxtpl.

    It names docxtpl's clean-up step in the cache, so that another docxtpl never serves
    text the installed one would clean differently.
    """
    import hashlib
    from importlib.util import find_spec

    spec = find_spec("docxtpl")
    origin = Path(spec.origin) if spec is not None and spec.origin else None
    code = origin.with_name("template.py") if origin is not None else None
    data = code.read_bytes() if code is not None and code.is_file() else b"unknown"
    return hashlib.sha256(data).hexdigest()
