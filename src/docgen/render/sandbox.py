"""The Jinja2 sandbox every template renders in, whatever the output format.

Templates, including ones staff supply, run sandboxed with strict undefined names; every value
is escaped for XML and HTML, braces included, so text such as ``{{ 7*7 }}``, ``&`` or ``<``
never changes or breaks a document.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from docgen.render.typeset import title_lines


def escape_value(value: object) -> object:
    """Return ``value`` ready for the XML of a document: escaped text, braces included.

    Markup-like objects (docxtpl RichText, Listing, already-escaped text) pass through.
    """
    if value is None:
        return Markup("")
    if hasattr(value, "__html__"):
        return value
    text = str(escape(str(value)))
    return Markup(text.replace("{", "&#123;").replace("}", "&#125;"))


def environment(filters: Mapping[str, Callable[..., Any]] | None = None) -> SandboxedEnvironment:
    """Return the sandboxed Jinja2 environment every template renders in.

    Every template may use the filter ``title_lines`` (:mod:`docgen.render.typeset`) besides
    ``filters``.
    """
    env = SandboxedEnvironment(
        autoescape=True,
        undefined=StrictUndefined,
        finalize=escape_value,
        keep_trailing_newline=True,
    )
    env.filters["title_lines"] = title_lines
    env.filters.update(filters or {})
    return env
