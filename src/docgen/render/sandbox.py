"""The Jinja2 sandbox every template renders in, whatever the output format.

Templates, including ones staff supply, run sandboxed with strict undefined names; every value
is escaped for XML and HTML, braces included, so text such as ``{{ 7*7 }}``, ``&`` or ``<``
never changes or breaks a document.

A template is compiled once: the environment keeps what it compiled by source text, so the
eight forms of a build or the fragments of the 專區 compile their template once, and the shared
environment keeps the code in the user's private cache (:mod:`docgen.render.compiled`) for the
next run.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from types import CodeType
from typing import Any

from jinja2 import StrictUndefined, Template
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from docgen.render.typeset import title_lines


def escape_value(value: object) -> object:
    """Return ``value`` ready for the XML of a document: escaped text, braces included.

    Markup-like objects (docxtpl RichText, Listing, already-escaped text) pass through.
    """
    if value is None:
        return Markup("")
    if type(value) is str:  # the common case: no ``__html__``, no conversion
        text = value
    elif hasattr(value, "__html__"):
        return value
    else:
        text = str(value)
    escaped = escape(text)
    if "{" not in escaped and "}" not in escaped:
        return escaped
    return Markup(str.replace(str.replace(escaped, "{", "&#123;"), "}", "&#125;"))


# Compiled templates kept by an environment; a build compiles a few dozen.
COMPILED_LIMIT = 256


class CompilingOnceEnvironment(SandboxedEnvironment):
    """The sandbox, keeping each template compiled from a string for its next use.

    With ``persistent``, compiled code is also kept across runs in the user's private cache
    (:mod:`docgen.render.compiled`).
    """

    def __init__(self, persistent: bool = False, **options: Any) -> None:
        super().__init__(**options)
        self.persistent = persistent
        self._compiled: dict[str, Template] = {}

    def from_string(  # type: ignore[override]
        self,
        source: str | Any,
        globals: Mapping[str, Any] | None = None,
        template_class: type[Template] | None = None,
    ) -> Template:
        """Return ``source`` compiled, compiling it only the first time it is seen."""
        if globals or template_class or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        template = self._compiled.get(source)
        if template is None:
            if len(self._compiled) >= COMPILED_LIMIT:
                self._compiled.clear()
            code = self._code(source)
            template = self.template_class.from_code(self, code, self.make_globals(None))
            self._compiled[source] = template
        return template

    def _code(self, source: str) -> CodeType:
        """Return the compiled ``source``, from the private cache when it holds it."""
        if not self.persistent:
            return self.compile(source)
        from docgen.render import compiled

        key = compiled.entry_key(source, self.code_options())
        code = compiled.load(key)
        if code is None:
            code = self.compile(source)
            compiled.store(key, code)
        return code

    def code_options(self) -> str:
        """Return the options that change the code a template compiles to, as text."""
        names = [
            *("autoescape", "finalize", "undefined", "optimized", "is_async"),
            *("keep_trailing_newline", "trim_blocks", "lstrip_blocks", "newline_sequence"),
            *("block_start_string", "block_end_string", "variable_start_string"),
            *("variable_end_string", "comment_start_string", "comment_end_string"),
            *("line_statement_prefix", "line_comment_prefix"),
        ]
        values = [f"{name}={_described(getattr(self, name))}" for name in names]
        values.append(f"extensions={sorted(self.extensions)}")
        values.append(f"filters={sorted(self.filters)}")
        return f"{_described(type(self))};" + ";".join(values)


def _described(value: object) -> str:
    """Return ``value`` as text that is the same in every run (a function by its name)."""
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', value)}"
    return repr(value)


def environment(filters: Mapping[str, Callable[..., Any]] | None = None) -> SandboxedEnvironment:
    """Return the sandboxed Jinja2 environment every template renders in.

    Every template may use the filter ``title_lines`` (:mod:`docgen.render.typeset`) besides
    ``filters``. Without ``filters`` it is one environment for the whole process, so that what
    it compiled is compiled once.
    """
    if not filters:
        return _shared()
    env = _new_environment()
    env.filters.update(filters)
    return env


@functools.cache
def _shared() -> SandboxedEnvironment:
    return _new_environment(persistent=True)


def _new_environment(persistent: bool = False) -> SandboxedEnvironment:
    env = CompilingOnceEnvironment(
        persistent=persistent,
        autoescape=True,
        undefined=StrictUndefined,
        finalize=escape_value,
        keep_trailing_newline=True,
    )
    env.filters["title_lines"] = title_lines
    return env
