"""Forms as docgen sent them before the custom XML part: the identity in a hidden run.

Earlier versions wrote the identity into the custom properties and, as text, into a hidden
(``w:vanish``) run at the end of the first paragraph. ``docgen collect`` must keep reading such
forms; these helpers turn a form sent out now into one of them (the parts of its zip in a dict).
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from docgen.model.identity import HIDDEN_MARKER, FormIdentity, from_properties
from docgen.ooxml.embed import IDENTITY_NS, identity_values

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def identity_part(parts: dict[str, bytes]) -> str | None:
    """Return the name of the custom XML part holding the form's identity, or None."""
    return next(
        (
            name
            for name, data in parts.items()
            if name.startswith("customXml/item")
            and "Props" not in name
            and IDENTITY_NS.encode() in data
        ),
        None,
    )


def set_hidden(parts: dict[str, bytes], text: str) -> None:
    """Put ``text`` in the form's hidden run (added at the end of the first paragraph if none).

    The custom XML part goes: earlier forms had none.
    """
    name = identity_part(parts)
    if name is not None:
        drop_item(parts, name)
    root = etree.fromstring(parts["word/document.xml"])
    found = [t for t in root.iter(f"{{{W}}}t") if (t.text or "").startswith(HIDDEN_MARKER)]
    if found:
        found[0].text = text
    else:
        paragraph = next(root.iter(f"{{{W}}}p"))
        run = etree.SubElement(paragraph, f"{{{W}}}r")
        etree.SubElement(etree.SubElement(run, f"{{{W}}}rPr"), f"{{{W}}}vanish")
        etree.SubElement(run, f"{{{W}}}t").text = text
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def drop_item(parts: dict[str, bytes], name: str) -> None:
    """Remove the custom XML part ``name`` with its properties, relationships and types."""
    number = name.removeprefix("customXml/item").removesuffix(".xml")
    props = f"customXml/itemProps{number}.xml"
    for part in (name, props, f"customXml/_rels/item{number}.xml.rels"):
        parts.pop(part, None)
    rels = etree.fromstring(parts["word/_rels/document.xml.rels"])
    for relationship in list(rels):
        if relationship.get("Target", "").endswith(f"customXml/item{number}.xml"):
            rels.remove(relationship)
    parts["word/_rels/document.xml.rels"] = etree.tostring(rels, xml_declaration=True)
    types = etree.fromstring(parts["[Content_Types].xml"])
    for override in list(types):
        if override.get("PartName", "").lstrip("/") in (name, props):
            types.remove(override)
    parts["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True)


def as_sent_before(parts: dict[str, bytes]) -> FormIdentity:
    """Turn a form into one as docgen sent it before; return its (sealed) identity."""
    name = identity_part(parts)
    assert name is not None, "not a form docgen sends now"
    identity = from_properties(identity_values(etree.fromstring(parts[name])))
    assert identity is not None
    set_hidden(parts, identity.hidden_text())
    return identity


def sent_before(data: bytes) -> bytes:
    """Return the .docx ``data`` of a form as docgen sent it before."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    as_sent_before(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()
