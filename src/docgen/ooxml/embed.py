"""Write a form's identity into a rendered .docx where no reader sees it (read by collect).

The identity goes into two carriers, either alone enough for ``docgen collect``:

* the custom document properties ``docProps/custom.xml`` (with their relationship and content
  type), which Word keeps and LibreOffice keeps through .docx, .odt and .doc alike;
* a custom XML part (:mod:`docgen.ooxml.custom_xml`, root :data:`IDENTITY_TAG`), which Word and
  LibreOffice keep in a .docx.

Neither is text of the document: nothing shows with Word's formatting marks on, in print, in a
PDF or when the text is copied. (docgen before this wrote the record as a hidden ``w:vanish``
run in the first paragraph, which Word shows with formatting marks on; ``docgen collect`` still
reads such forms.) The drop-down content controls copied by the template's row loop get unique
ids, as Word expects. The result is deterministic: the same inputs give the same bytes.
"""

from __future__ import annotations

import itertools
import re
from datetime import datetime

from lxml import etree

from docgen.model.identity import FormIdentity
from docgen.ooxml import custom_xml
from docgen.ooxml.namespaces import CUSTOM, CUSTOM_REL, CUSTOM_TYPE, VT
from docgen.ooxml.package import with_override, with_relationship, xml_bytes
from docgen.ooxml.zip import read_parts, write_zip

CUSTOM_PART = "docProps/custom.xml"
PROPERTY_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
DOCUMENT_PART = "word/document.xml"
IDENTITY_NS = "urn:docgen:form-identity:1"
IDENTITY_TAG = f"{{{IDENTITY_NS}}}identity"
IDENTITY_ITEM_ID = "{6D6F6367-656E-4066-AF72-6D2D69640001}"
MAX_IDENTITY_VALUES = 20  # the record has eight; the rest of a stuffed part is not read


def embed_identity(data: bytes, identity: FormIdentity, moment: datetime) -> bytes:
    """Return the .docx ``data`` carrying ``identity``, zip entries dated ``moment``."""
    parts = read_parts(data)
    parts[DOCUMENT_PART] = _unique_control_ids(parts[DOCUMENT_PART])
    parts[CUSTOM_PART] = _custom_properties(parts.get(CUSTOM_PART), identity)
    parts["_rels/.rels"] = _with_relationship(parts["_rels/.rels"])
    parts["[Content_Types].xml"] = _with_content_type(parts["[Content_Types].xml"])
    custom_xml.add_item(parts, identity_element(identity), IDENTITY_ITEM_ID)
    return write_zip(parts.items(), moment)


def identity_element(identity: FormIdentity) -> etree._Element:
    """Return the identity as the root of a custom XML part: one ``property`` per value."""
    root = etree.Element(IDENTITY_TAG, nsmap={None: IDENTITY_NS})
    for name, value in identity.properties().items():
        etree.SubElement(root, f"{{{IDENTITY_NS}}}property", name=name).text = value
    return root


def identity_values(root: etree._Element) -> dict[str, str]:
    """Return the values of an identity part as custom properties are read (name → text)."""
    found: dict[str, str] = {}
    for item in root.iterchildren(f"{{{IDENTITY_NS}}}property"):
        name = item.get("name")
        if name and name not in found:
            found[name] = item.text or ""
        if len(found) >= MAX_IDENTITY_VALUES:
            break
    return found


_CONTROL_ID = re.compile(rb'<w:id w:val="-?\d+"/>')


def _unique_control_ids(xml: bytes) -> bytes:
    """Return document.xml with unique content-control ids.

    Works on the bytes docxtpl wrote (prefix ``w``): a ``<w:id>`` element only occurs in a
    content control's properties.
    """
    numbers = itertools.count(1)
    return _CONTROL_ID.sub(lambda _: b'<w:id w:val="%d"/>' % next(numbers), xml)


def _custom_properties(existing: bytes | None, identity: FormIdentity) -> bytes:
    ours = identity.properties()
    if existing is None:
        root = etree.Element(f"{{{CUSTOM}}}Properties", nsmap={None: CUSTOM, "vt": VT})
    else:
        root = etree.fromstring(existing)
        for item in list(root):
            if item.get("name") in ours:
                root.remove(item)
    pids = [int(item.get("pid", "1")) for item in root if item.get("pid", "").isdigit()]
    pid = max(pids, default=1)
    for name, value in ours.items():
        pid += 1
        item = etree.SubElement(root, f"{{{CUSTOM}}}property")
        item.set("fmtid", PROPERTY_FMTID)
        item.set("pid", str(pid))
        item.set("name", name)
        etree.SubElement(item, f"{{{VT}}}lpwstr").text = value
    return xml_bytes(root)


def _with_relationship(xml: bytes) -> bytes:
    """Return the package relationships relating the custom properties, unless some already do."""
    if any(r.get("Type") == CUSTOM_REL for r in etree.fromstring(xml)):
        return xml
    return with_relationship(xml, CUSTOM_REL, CUSTOM_PART)


def _with_content_type(xml: bytes) -> bytes:
    return with_override(xml, CUSTOM_PART, CUSTOM_TYPE)
