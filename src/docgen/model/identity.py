"""The hidden identity of a 修正意見表: who it was made for and from which draft.

Each form carries, invisibly to its reader, the unit code, the agency and project, the order of
its cases and a fingerprint of the draft. Two carriers hold the same record, so that either
alone is enough: custom document properties (``docProps/custom.xml``, kept by Word and by
LibreOffice through .docx and .odt) and a hidden (``w:vanish``) run at the end of the form's
first paragraph, starting with :data:`HIDDEN_MARKER`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docgen.model.project import Project

FORM_KIND = "修正意見表"
VERSION = 1
PROPERTY_PREFIX = "docgen."
HIDDEN_MARKER = "docgen-form:"
FINGERPRINT_LENGTH = 12


@dataclass(frozen=True)
class FormIdentity:
    """What a form says about itself: unit code, agency, project, cases and draft fingerprint."""

    unit: str
    agency: str
    project: str
    draft: str
    cases: tuple[str, ...] = ()
    version: int = VERSION

    def properties(self) -> dict[str, str]:
        """Return the identity as custom document properties (name → text)."""
        values = {
            "form": FORM_KIND,
            "version": str(self.version),
            "unit": self.unit,
            "agency": self.agency,
            "project": self.project,
            "draft": self.draft,
            "cases": ",".join(self.cases),
        }
        return {PROPERTY_PREFIX + name: value for name, value in values.items()}

    def hidden_text(self) -> str:
        """Return the identity as the text of the hidden run: the marker and compact JSON."""
        record = {
            "form": FORM_KIND,
            "version": self.version,
            "unit": self.unit,
            "agency": self.agency,
            "project": self.project,
            "draft": self.draft,
            "cases": list(self.cases),
        }
        return HIDDEN_MARKER + json.dumps(record, ensure_ascii=True, separators=(",", ":"))


def from_properties(properties: dict[str, str]) -> FormIdentity | None:
    """Return the identity held in custom document properties, or None if there is none."""
    values = {
        name.removeprefix(PROPERTY_PREFIX): value
        for name, value in properties.items()
        if name.startswith(PROPERTY_PREFIX)
    }
    if values.get("form") != FORM_KIND or not values.get("unit"):
        return None
    cases = tuple(c for c in values.get("cases", "").split(",") if c)
    return _identity(values, cases)


def from_text(text: str) -> FormIdentity | None:
    """Return the identity found after :data:`HIDDEN_MARKER` in ``text``, or None."""
    start = text.find(HIDDEN_MARKER)
    if start < 0:
        return None
    try:
        record, _ = json.JSONDecoder().raw_decode(text, start + len(HIDDEN_MARKER))
    except ValueError:
        return None
    if not isinstance(record, dict) or record.get("form") != FORM_KIND or not record.get("unit"):
        return None
    cases = record.get("cases")
    cases = tuple(str(c) for c in cases) if isinstance(cases, list) else ()
    return _identity({k: str(v) for k, v in record.items() if k != "cases"}, cases)


def _identity(values: dict[str, str], cases: tuple[str, ...]) -> FormIdentity:
    version = values.get("version", "")
    return FormIdentity(
        unit=values.get("unit", ""),
        agency=values.get("agency", ""),
        project=values.get("project", ""),
        draft=values.get("draft", ""),
        cases=cases,
        version=int(version) if version.isdigit() else VERSION,
    )


def draft_fingerprint(project: Project) -> str:
    """Return a short hash of what every form shows: agency, discussed cases and measures.

    Any change to a discussed case's id, name or 弊端態樣, or to a measure's id or text, or a
    case added to or taken off the agenda, gives a different fingerprint.
    """
    record = {
        "agency": project.settings.agency,
        "cases": [
            [
                case.id,
                case.name,
                case.pattern,
                [[m.id, m.content] for m in project.measures_of(case.id)],
            ]
            for case in project.discussed_cases
        ],
    }
    canonical = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:FINGERPRINT_LENGTH]
