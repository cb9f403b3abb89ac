"""The structured data of a submission to the city: written by ``submit``, read by ``compile``.

The same JSON travels twice: beside the submission as ``.json``, and inside the .docx as a
custom XML part (:mod:`docgen.ooxml.custom_xml`), so that the city reads data, not layout.
Its schema is versioned: a reader refuses a newer version than it knows, naming the file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from lxml import etree

from docgen.problems import RejectedFile
from docgen.public.entries import Post, PublicEntry
from docgen.public.opendata import entry_data

SCHEMA = "docgen-submission"
VERSION = 1
NAMESPACE = "urn:docgen:submission"
TAG = f"{{{NAMESPACE}}}submission"
ITEM_ID = "{6F1C3E2A-5B7D-4C1E-9A2B-D0C6E5F7A801}"
MAX_JSON_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Submission:
    """One agency's report: who sent it, when, and its entries (as the JSON holds them)."""

    agency: str
    project: str
    year: int
    submitted: date
    entries: tuple[dict[str, Any], ...]
    source: Path | None = None
    version: int = VERSION


def submission_data(
    agency: str, project: str, year: int, post: Post, entries: list[PublicEntry], contact: dict
) -> dict[str, Any]:
    """Return the submission as the JSON object both carriers hold."""
    return {
        "schema": SCHEMA,
        "version": VERSION,
        "agency": agency,
        "project": project,
        "year": year,
        "submitted": post.updated.isoformat(),
        "contact": contact,
        "entries": [entry_data(entry) for entry in entries],
    }


def to_json(data: dict[str, Any]) -> bytes:
    """Return ``data`` as indented UTF-8 JSON."""
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def to_xml(data: dict[str, Any]) -> etree._Element:
    """Return ``data`` as the custom XML part's root: the JSON as the element's text."""
    root = etree.Element(TAG, nsmap={None: NAMESPACE})
    root.set("schema", SCHEMA)
    root.set("version", str(VERSION))
    root.text = json.dumps(data, ensure_ascii=False)
    return root


def from_json(text: str | bytes, source: Path | None = None) -> Submission:
    """Return the submission in ``text``; raise :class:`RejectedFile` saying what is wrong."""
    if len(text) > MAX_JSON_BYTES:
        raise RejectedFile("資料超過 20 MB，不像廉政細工專案的陳報資料")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise RejectedFile("內嵌或附帶的資料不是正確的 JSON，檔案可能已損壞") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise RejectedFile("不是 docgen 的陳報資料（schema 不符）")
    version = data.get("version")
    if not isinstance(version, int) or version < 1:
        raise RejectedFile(f"陳報資料的版本「{version}」無法辨識")
    if version > VERSION:
        raise RejectedFile(
            f"陳報資料為第 {version} 版，比本程式認得的第 {VERSION} 版新；請更新 docgen 後再彙編"
        )
    return _submission(data, source)


def _submission(data: dict[str, Any], source: Path | None) -> Submission:
    agency = data.get("agency")
    if not isinstance(agency, str) or not agency.strip():
        raise RejectedFile("陳報資料缺少機關名稱")
    entries = data.get("entries")
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise RejectedFile("陳報資料的案例（entries）格式不正確")
    try:
        submitted = date.fromisoformat(str(data.get("submitted", "")))
        year = int(data.get("year") or 0)
    except ValueError:
        raise RejectedFile("陳報資料的日期或年度格式不正確") from None
    project = str(data.get("project") or "")
    return Submission(agency.strip(), project, year, submitted, tuple(entries), source)


def read_submission(path: Path) -> Submission | None:
    """Return the submission data of a .json or .docx file; None for a .docx without any.

    A .docx without embedded data is a report an agency wrote by hand. Raise
    :class:`RejectedFile` for a damaged, unsafe or unknown file.
    """
    from docgen.ooxml import custom_xml

    if path.suffix.lower() == ".json":
        try:
            return from_json(path.read_bytes(), path)
        except OSError as error:
            raise RejectedFile(f"無法讀取檔案（{error.strerror}）") from None
    root = custom_xml.find(path, TAG)
    if root is None:
        return None
    return from_json(root.text or "", path)
