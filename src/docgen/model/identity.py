"""The hidden identity of a 修正意見表: who it was made for and from which draft, sealed.

Each form carries, invisibly to its reader, the unit code, the agency and project, the order of
its cases and a fingerprint of the draft. Two carriers hold the same record, so that either
alone is enough, and neither is text a person can see (:mod:`docgen.ooxml.embed` writes them):
custom document properties (``docProps/custom.xml``, kept by Word and by LibreOffice through
.docx, .odt and .doc) and a custom XML part (kept by Word and by LibreOffice in a .docx).

Forms sent out by earlier versions carry the record as a hidden (``w:vanish``) run at the end of
the first paragraph, starting with :data:`HIDDEN_MARKER` (:meth:`FormIdentity.hidden_text`);
Word shows such a run when formatting marks are on, so it is no longer written, but
``docgen collect`` still reads it (:func:`from_text`).

**The seal.** A unit could edit either carrier and have its opinions recorded as another
unit's. So the record is sealed: ``seal`` is ``KEYID.MAC``, an HMAC-SHA256 (cut to 128 bits) of
the unit, agency, project, draft fingerprint and cases, keyed by a secret of the workbook that
made the form; ``KEYID`` names the key without revealing it. ``docgen collect`` recomputes it
with the workbook's key (:func:`verify`): a form whose seal does not match was altered and is
rejected; a form without a seal (older docgen) or sealed with another key (the workbook was
rebuilt) is read with a warning naming it, since it cannot be checked.

**The key** is made (:func:`form_key`) from the workbook, from what a form never holds:

* the custom document property ``docgen.form_key``: 128 random bits that ``docgen init`` writes
  into every new workbook (Excel and LibreOffice keep custom properties through every save;
  staff do not see it unless they open 檔案 > 內容 > 自訂);
* else, in a workbook made before that, the moment the workbook file was first created
  (``dcterms:created`` in ``docProps/core.xml``, also kept through every save). This is not
  secret in a strong sense: someone with the algorithm and a good guess of the moment could
  forge a seal, but not by editing the form in Word, and never for a form they cannot see the
  workbook of; forms rendered for the bundled example are sealed this way.

The key must stay the same from ``docgen forms`` to ``docgen collect``: copying the sheets into
a new workbook changes it, and the forms then read with the warning above.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import dataclass, replace
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docgen.model.project import Project

FORM_KIND = "修正意見表"
VERSION = 1
PROPERTY_PREFIX = "docgen."
HIDDEN_MARKER = "docgen-form:"
FINGERPRINT_LENGTH = 12
MAX_HIDDEN_TEXT = 64 * 1024  # far more than any real identity; the rest is not decoded
MAX_CASES = 1000
_KEY_CONTEXT = b"docgen form key v1"
_KEY_ID_LENGTH = 8
_MAC_LENGTH = 32
_SEAL = re.compile(rf"[0-9a-f]{{{_KEY_ID_LENGTH}}}\.[0-9a-f]{{{_MAC_LENGTH}}}")
_VERSION = re.compile(r"[0-9]{1,6}")


class Verdict(Enum):
    """What checking a form's seal against the workbook's key shows."""

    VALID = "valid"
    ALTERED = "altered"  # sealed with this key, but the record does not match the seal
    UNSEALED = "unsealed"  # no seal: made by an older docgen, or the seal was removed
    OTHER_KEY = "other key"  # sealed with a key this workbook does not hold


@dataclass(frozen=True)
class FormIdentity:
    """What a form says about itself: unit code, agency, project, cases and draft fingerprint."""

    unit: str
    agency: str
    project: str
    draft: str
    cases: tuple[str, ...] = ()
    version: int = VERSION
    seal: str = ""

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
        if self.seal:
            values["seal"] = self.seal
        return {PROPERTY_PREFIX + name: value for name, value in values.items()}

    def hidden_text(self) -> str:
        """Return the identity as earlier versions wrote it in a hidden run: marker and JSON.

        No longer written into forms; kept as the format :func:`from_text` reads.
        """
        record: dict[str, object] = {
            "form": FORM_KIND,
            "version": self.version,
            "unit": self.unit,
            "agency": self.agency,
            "project": self.project,
            "draft": self.draft,
            "cases": list(self.cases),
        }
        if self.seal:
            record["seal"] = self.seal
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
    """Return the identity found after :data:`HIDDEN_MARKER` in ``text``, or None.

    A record that is not a flat JSON object of the expected fields (nested a thousand deep,
    say) is no identity.
    """
    start = text.find(HIDDEN_MARKER)
    if start < 0:
        return None
    start += len(HIDDEN_MARKER)
    try:
        record, _ = json.JSONDecoder().raw_decode(text[start : start + MAX_HIDDEN_TEXT])
    except (ValueError, RecursionError):
        return None
    if not isinstance(record, dict) or record.get("form") != FORM_KIND or not record.get("unit"):
        return None
    scalars = {k: v for k, v in record.items() if isinstance(v, str | int) and k != "cases"}
    if any(not isinstance(record.get(k, ""), str | int) for k in ("unit", "agency", "project")):
        return None
    cases = record.get("cases")
    cases = tuple(c for c in cases if isinstance(c, str)) if isinstance(cases, list) else ()
    return _identity({k: str(v) for k, v in scalars.items()}, cases)


def _identity(values: dict[str, str], cases: tuple[str, ...]) -> FormIdentity:
    version = values.get("version", "").strip()
    return FormIdentity(
        unit=values.get("unit", ""),
        agency=values.get("agency", ""),
        project=values.get("project", ""),
        draft=values.get("draft", ""),
        cases=cases[:MAX_CASES],
        version=int(version) if _VERSION.fullmatch(version) else VERSION,
        seal=values.get("seal", "").strip(),
    )


# --- the seal -----------------------------------------------------------------------------------


def form_key(material: str) -> bytes:
    """Return the key that seals a workbook's forms, made from its ``material`` (see above)."""
    return hmac.new(_KEY_CONTEXT, material.encode("utf-8"), hashlib.sha256).digest()


def key_id(key: bytes) -> str:
    """Return the short name of ``key`` written beside each seal (it does not reveal the key)."""
    return hmac.new(key, b"key id", hashlib.sha256).hexdigest()[:_KEY_ID_LENGTH]


def _mac(identity: FormIdentity, key: bytes) -> str:
    record = [
        FORM_KIND,
        identity.unit,
        identity.agency,
        identity.project,
        identity.draft,
        list(identity.cases),
    ]
    signed = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hmac.new(key, signed, hashlib.sha256).hexdigest()[:_MAC_LENGTH]


def sealed(identity: FormIdentity, key: bytes) -> FormIdentity:
    """Return ``identity`` carrying its seal under ``key``."""
    return replace(identity, seal=f"{key_id(key)}.{_mac(identity, key)}")


def verify(identity: FormIdentity, key: bytes) -> Verdict:
    """Return whether ``identity``'s seal proves it unchanged under ``key``."""
    if not identity.seal:
        return Verdict.UNSEALED
    if not _SEAL.fullmatch(identity.seal):
        return Verdict.ALTERED
    given_key, given_mac = identity.seal.split(".")
    if given_key != key_id(key):
        return Verdict.OTHER_KEY
    return Verdict.VALID if hmac.compare_digest(given_mac, _mac(identity, key)) else Verdict.ALTERED


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
