"""The document kinds docgen produces: the one registry that everything else is derived from.

A kind is one module in :mod:`docgen.documents.kinds` that declares ``KIND``: its key, title,
output format, templates, the stage of the project it belongs to, whether ``docgen build``
makes it, its command's help, and the functions that say whether it can be built and render
it. The command line (one command per kind), ``docgen build``, the template builders and the
per-kind tests all read this registry; adding a kind is its module, its template builder and
its golden text.

Kind modules are imported whenever the command line starts (``docgen --help`` lists them), so
at the top they import only this module and the standard library; what they need to render
(the model, the renderer) they import inside the functions that use it.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docgen.model.project import Project
    from docgen.problems import Problem


@dataclass(frozen=True)
class Options:
    """What the user asked for on the command line, shared by every document kind."""

    force: bool = False
    templates: Path | None = None
    eml: bool = False  # also write an e-mail draft per document (``docgen forms --eml``)
    # Formats (``pdf``, ``odt``) a kind that mails its documents also attaches, made by
    # LibreOffice while rendering; empty: the e-mail carries the Word documents only.
    companions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rendered:
    """A finished document in memory, and where under the output folder it goes."""

    relative_path: Path
    data: bytes
    notes: tuple[str, ...] = field(default=())
    # Earlier outputs this document makes obsolete (the minutes' draft once the minutes are
    # final): named in the report when they still lie in the output folder, never deleted.
    supersedes: tuple[Path, ...] = field(default=())


class Stage(Enum):
    """When in the project a document belongs, in the order the project goes through them."""

    DRAFT = "初稿徵詢"  # before the head approves: the draft and the revision forms
    APPROVED = "首長核定後"  # the final meeting pack
    MEETING = "開會"  # what the meeting itself needs: the sign-in sheet, the minutes
    PUBLIC = "公開與陳報"  # after the meeting: the public 專區, the report to the city


def _always_ready(project: Project, options: Options) -> str | None:
    return None


def _no_problems(project: Project, options: Options) -> list[Problem]:
    return []


@dataclass(frozen=True)
class Kind:
    """One kind of document: what it is, when it can be built, and how it is rendered.

    ``not_ready`` says why the project's stage does not allow it yet; ``check`` lists problems in
    the input that stop it (errors) or that the user should see (warnings), each naming its
    cell, as the personal-data guard does for public outputs. ``order`` places it in
    ``docgen build``'s report; ``templates`` are its template names
    (``templates/<name>.<format>``), the key by default; ``force_help`` gives its command a
    ``--force`` option explained in the kind's own words, ``eml_help`` an ``--eml`` option
    (e-mail drafts beside the documents).
    """

    key: str
    title: str
    stage: Stage
    order: int
    help: str
    render: Callable[[Project, Options], list[Rendered]]
    not_ready: Callable[[Project, Options], str | None] = _always_ready
    check: Callable[[Project, Options], list[Problem]] = _no_problems
    format: str = "docx"
    templates: tuple[str, ...] = ()
    in_build: bool = True
    force_help: str | None = None
    eml_help: str | None = None

    @property
    def template_names(self) -> tuple[str, ...]:
        """Return the names of this kind's templates (without the format's suffix)."""
        return self.templates or (self.key,)

    @property
    def short_help(self) -> str:
        """Return the first clause of the help, for the command list."""
        return re.split(r"[：。；]", self.help, maxsplit=1)[0]


@cache
def all_kinds() -> tuple[Kind, ...]:
    """Return every document kind, in the order ``docgen build`` reports them."""
    folder = Path(__file__).with_name("kinds")
    names = sorted(path.stem for path in folder.glob("*.py") if path.stem != "__init__")
    found = [importlib.import_module(f"{__name__}.kinds.{name}").KIND for name in names]
    return tuple(sorted(found, key=lambda item: item.order))


def kind(key: str) -> Kind:
    """Return the document kind ``key``."""
    for item in all_kinds():
        if item.key == key:
            return item
    raise KeyError(key)


def build_keys() -> tuple[str, ...]:
    """Return the keys of the kinds ``docgen build`` makes, in order."""
    return tuple(item.key for item in all_kinds() if item.in_build)
