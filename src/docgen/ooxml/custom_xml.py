"""A custom XML part inside a .docx: data that travels with the document, unseen by readers.

Word keeps custom XML parts (``customXml/itemN.xml`` with its ``itemPropsN.xml``, related from
the main document) through editing and saving, so structured data embedded here can be read
back from the file itself (LibreOffice keeps them too when it saves a .docx, but not through
.odt or .doc). docgen's submission to the city carries its entries this way, and each
修正意見表 its identity.
"""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

from lxml import etree

from docgen.ooxml.package import empty_relationships, with_override, with_relationship, xml_bytes
from docgen.ooxml.zip import open_zip, parse_xml, read_part, read_parts, write_zip

CUSTOM_XML_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
PROPS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps"
PROPS_TYPE = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
DATASTORE = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
DOCUMENT_RELS = "word/_rels/document.xml.rels"
MAX_ITEMS = 50


def embed(data: bytes, root: etree._Element, item_id: str, moment: datetime) -> bytes:
    """Return the .docx ``data`` with ``root`` as a custom XML part (datastore ``item_id``)."""
    parts = read_parts(data)
    add_item(parts, root, item_id)
    return write_zip(parts.items(), moment)


def add_item(parts: dict[str, bytes], root: etree._Element, item_id: str) -> None:
    """Add ``root`` as a new custom XML part to the package ``parts`` (name → bytes)."""
    number = 1
    while f"customXml/item{number}.xml" in parts:
        number += 1
    item, props = f"customXml/item{number}.xml", f"customXml/itemProps{number}.xml"
    parts[item] = xml_bytes(root)
    parts[props] = _item_props(item_id)
    rels = with_relationship(empty_relationships(), PROPS_REL, f"itemProps{number}.xml")
    parts[f"customXml/_rels/item{number}.xml.rels"] = rels
    parts[DOCUMENT_RELS] = with_relationship(
        parts[DOCUMENT_RELS], CUSTOM_XML_REL, f"../customXml/item{number}.xml"
    )
    types = with_override(parts["[Content_Types].xml"], props, PROPS_TYPE)
    parts["[Content_Types].xml"] = with_override(types, item, "application/xml")


def _item_props(item_id: str) -> bytes:
    root = etree.Element(f"{{{DATASTORE}}}datastoreItem", nsmap={"ds": DATASTORE})
    root.set(f"{{{DATASTORE}}}itemID", item_id)
    etree.SubElement(root, f"{{{DATASTORE}}}schemaRefs")
    return xml_bytes(root)


def find(path: Path, tag: str) -> etree._Element | None:
    """Return the first custom XML part of the .docx at ``path`` whose root is ``tag``.

    The file is read with the safe reader (size caps, no entities); None when there is none.
    Raise :class:`~docgen.problems.RejectedFile` for a damaged or unsafe file.
    """
    with open_zip(path) as archive:
        return find_in(archive, tag)


def find_in(archive: zipfile.ZipFile, tag: str) -> etree._Element | None:
    """Return the first custom XML part of the open ``archive`` whose root is ``tag``, or None.

    Parts are read with the safe reader's caps; at most :data:`MAX_ITEMS` are looked at.
    """
    names = [
        name
        for name in archive.namelist()
        if name.startswith("customXml/item") and "Props" not in name
    ]
    for name in sorted(names)[:MAX_ITEMS]:
        data = read_part(archive, name)
        if data is None:
            continue
        root = parse_xml(data, name)
        if root.tag == tag:
            return root
    return None
