"""Small edits of an OOXML package's bookkeeping: relationships and content types.

Each function takes the part's XML and returns it with the entry added (unchanged when the
entry is already there), so adding a part to a .docx is: write the part, relate it, type it.
"""

from __future__ import annotations

from lxml import etree

from docgen.ooxml.namespaces import RELS, TYPES


def xml_bytes(element: etree._Element) -> bytes:
    """Return ``element`` as a standalone UTF-8 XML document."""
    return etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)


def empty_relationships() -> bytes:
    """Return a relationships part with no relationship."""
    return xml_bytes(etree.Element(f"{{{RELS}}}Relationships", nsmap={None: RELS}))


def with_relationship(xml: bytes, kind: str, target: str) -> bytes:
    """Return the relationships part ``xml`` relating ``target`` with type ``kind``."""
    root = etree.fromstring(xml)
    if any(r.get("Type") == kind and r.get("Target") == target for r in root):
        return xml
    ids = {r.get("Id") for r in root}
    number = 1
    while f"rId{number}" in ids:
        number += 1
    relationship = etree.SubElement(root, f"{{{RELS}}}Relationship")
    relationship.set("Id", f"rId{number}")
    relationship.set("Type", kind)
    relationship.set("Target", target)
    return xml_bytes(root)


def with_override(xml: bytes, part: str, content_type: str) -> bytes:
    """Return ``[Content_Types].xml`` giving the part ``/part`` the type ``content_type``."""
    root = etree.fromstring(xml)
    name = "/" + part.lstrip("/")
    if any(o.get("PartName") == name for o in root):
        return xml
    override = etree.SubElement(root, f"{{{TYPES}}}Override")
    override.set("PartName", name)
    override.set("ContentType", content_type)
    return xml_bytes(root)
