"""docxtpl's template, made quick and linear in the size of what it renders.

Three of docxtpl's steps are replaced by equivalents giving the same XML:

* opening keeps the styles, numbering and settings as bytes (:mod:`docgen.ooxml.wordpackage`);
* the rendered body is moved in child by child: docxtpl moves the whole body from the document
  it was parsed in at once, and lxml then fixes each moved node's namespace against a list
  that grows with every ``xml:space`` attribute, a cost growing with their square (seconds
  for a long draft);
* line breaks, tabs and page breaks typed in values (newline, tab, form feed, bell) are
  turned into Word's markup only in the paragraphs holding one: docxtpl runs its three nested
  regular expressions over every paragraph and run of the document.

And docxtpl's clean-up of a template's XML into Jinja source (``patch_xml``, a dozen regular
expressions over the whole body) is done once per template and kept, with the compiled code,
in the user's private cache (:func:`docgen.render.compiled.cached_text`).

docxtpl is imported on first use, so that importing this module stays cheap.
"""

from __future__ import annotations

import functools
import itertools
import re
from typing import Any

from lxml import etree

from docgen.ooxml.wordpackage import open_for_rendering

# docxtpl's own pattern for one paragraph (resolve_listing), and the characters it rewrites.
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)
_LISTING_CHARACTERS = re.compile("[\t\a\n\f]")


@functools.cache
def template_class() -> type:
    """Return the template class (a subclass of docxtpl's ``DocxTemplate``)."""
    from docxtpl import DocxTemplate
    from docxtpl import __version__ as docxtpl_version

    from docgen.render.compiled import cached_text

    patch_step = f"docxtpl {docxtpl_version} patch_xml"

    class Template(DocxTemplate):  # type: ignore[misc]
        """docxtpl's template with the quicker open, body swap and line-break step."""

        def init_docx(self, reload: bool = True) -> None:
            if not self.docx or (self.is_rendered and reload):
                self.docx = open_for_rendering(self.template_file)
                self.is_rendered = False

        def map_tree(self, tree: Any) -> None:
            replace_children(self.docx.element.body, tree)

        def patch_xml(self, src_xml: str) -> str:
            return cached_text(patch_step, src_xml, lambda xml: DocxTemplate.patch_xml(self, xml))

        def resolve_listing(self, xml: str) -> str:
            def paragraph(match: re.Match[str]) -> str:
                text = match.group(0)
                if _LISTING_CHARACTERS.search(text) is None:
                    return text
                return DocxTemplate.resolve_listing(self, text)

            return _PARAGRAPH.sub(paragraph, xml)

    return Template


def replace_children(body: Any, rendered: Any) -> None:
    """Give ``body`` the attributes and children of ``rendered``, another document's body."""
    for child in list(body):
        body.remove(child)
    body.attrib.clear()
    body.attrib.update(rendered.attrib)
    body.text = rendered.text
    _move_children(rendered, body)


def _move_children(source: Any, target: Any) -> None:
    """Append the children of ``source`` to ``target`` (in another document), in small pieces.

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


# Elements moved between documents at once: lxml's cost per move grows with their square.
SMALL_SUBTREE = 256


def _is_large(element: Any) -> bool:
    """Return True when ``element`` holds more than :data:`SMALL_SUBTREE` elements."""
    return next(itertools.islice(element.iter(), SMALL_SUBTREE, None), None) is not None
