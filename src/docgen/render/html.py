"""Render an HTML template (Jinja2) into a page, and clean fragments others will paste.

Templates run in the shared sandbox (:mod:`docgen.render.sandbox`), so every value from the
workbook is escaped: a 公開摘要 holding ``<script>`` shows those characters as text. Fragments
meant for a CMS editor are additionally passed through the nh3 sanitiser, keeping only
semantic tags, as a second line of defence.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2 import TemplateError
from jinja2.sandbox import SecurityError

from docgen.problems import InputError
from docgen.render.explain import explain
from docgen.render.sandbox import environment

FRAGMENT_TAGS = frozenset(
    {"h2", "h3", "h4", "p", "ul", "ol", "li", "table", "caption", "thead", "tbody", "tr", "th"}
    | {"td", "strong", "em", "br", "section", "dl", "dt", "dd"}
)
FRAGMENT_ATTRIBUTES = {"th": {"scope"}, "td": {"colspan", "rowspan"}}


def render_html(template: Path, context: Mapping[str, Any]) -> str:
    """Return ``template`` rendered with ``context``.

    Raise :class:`InputError` naming the template (and the tag) when it cannot be rendered.
    """
    try:
        source = template.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise InputError("範本檔無法讀取，須為 UTF-8 文字檔", where=str(template)) from None
    try:
        return environment().from_string(source).render(dict(context))
    except (TemplateError, SecurityError) as error:
        reason = explain(error, source.splitlines(), editor="文字編輯器")
        raise InputError(reason, where=f"範本「{template.name}」") from None


def clean_fragment(html: str) -> str:
    """Return ``html`` with nothing but the semantic tags a CMS editor accepts."""
    import nh3

    attributes = {tag: set(names) for tag, names in FRAGMENT_ATTRIBUTES.items()}
    return nh3.clean(
        html,
        tags=set(FRAGMENT_TAGS),
        attributes=attributes,
        url_schemes=set(),
        strip_comments=True,
        link_rel=None,
    )
