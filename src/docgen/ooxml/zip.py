"""Zip packages (.docx, .xlsx, .odt): one safe reader for files from outside, one writer.

Reading never trusts the file: each part's decompressed size is capped and read in chunks (a
zip bomb is refused after at most :data:`MAX_PART_BYTES`, :data:`MAX_TOTAL_BYTES` over a whole
file checked before conversion), the number of entries is capped, and XML is parsed without
entities, DTDs or network, a DOCTYPE refused outright. A damaged or encrypted entry, an
unknown compression method or a lying directory is refused as :class:`RejectedFile` naming
the entry, never as the zip library's own error.

Writing is deterministic: the same parts give the same bytes, every entry dated by one moment
(kept within what a zip can record, 1980 to 2107).
"""

from __future__ import annotations

import contextlib
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from docgen.problems import RejectedFile

MAX_PART_BYTES = 40 * 1024 * 1024
MAX_TOTAL_BYTES = 160 * 1024 * 1024
MAX_ENTRIES = 5000
CHUNK = 1024 * 1024
_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
FIRST_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
LAST_ZIP_DATE = (2107, 12, 31, 23, 59, 58)
ENCRYPTED_FLAG = 0x1
# What the zip library raises on a damaged archive or entry, besides BadZipFile.
_BROKEN = (
    zipfile.BadZipFile,
    zlib.error,
    struct.error,
    OSError,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    OverflowError,
    KeyError,
)


# --- reading ----------------------------------------------------------------------------------


def open_zip(path: Path) -> zipfile.ZipFile:
    """Return the file opened as a zip; refuse a corrupt one or one with too many entries."""
    try:
        archive = zipfile.ZipFile(path)
        infos = archive.infolist()
    except PermissionError:
        raise  # not damaged: the caller says the file cannot be read
    except _BROKEN:
        raise RejectedFile("檔案已損壞，無法開啟；請單位重新存檔後再寄回") from None
    if len(infos) > MAX_ENTRIES:
        archive.close()
        raise RejectedFile(f"壓縮內容超過 {MAX_ENTRIES} 個項目，不像 Word 文件，已拒絕讀取")
    return archive


def read_part(archive: zipfile.ZipFile, name: str, limit: int = MAX_PART_BYTES) -> bytes | None:
    """Return the decompressed part ``name`` (None if absent), never more than ``limit`` bytes.

    The part is inflated in chunks and refused as soon as it grows past ``limit``, whatever
    size the zip directory claims.
    """
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.flag_bits & ENCRYPTED_FLAG:
        raise RejectedFile(
            f"檔案內的「{name}」設有密碼（已加密），無法讀取；請單位取消密碼後重新存檔寄回"
        )
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise RejectedFile(
                        f"「{name}」解壓縮後超過 {limit // (1024 * 1024)} MB（疑似壓縮炸彈），"
                        "已拒絕讀取"
                    )
                chunks.append(chunk)
    except _BROKEN:
        raise RejectedFile(f"檔案內的「{name}」已損壞，無法讀取") from None
    return b"".join(chunks)


def check_all_parts(archive: zipfile.ZipFile) -> None:
    """Inflate every part within the caps and check every XML part (for files to convert)."""
    total = 0
    for info in archive.infolist():
        data = read_part(archive, info.filename)
        if data is None:
            continue
        total += len(data)
        if total > MAX_TOTAL_BYTES:
            raise RejectedFile(
                f"檔案解壓縮後合計超過 {MAX_TOTAL_BYTES // (1024 * 1024)} MB（疑似壓縮炸彈），"
                "已拒絕讀取"
            )
        if info.filename.endswith((".xml", ".rels")):
            parse_xml(data, info.filename)


def parse_xml(data: bytes, name: str) -> etree._Element:
    """Return the root of ``data``; refuse a DOCTYPE and never resolve entities or fetch."""
    if _DOCTYPE.search(data):
        raise RejectedFile(f"「{name}」含有 DOCTYPE 宣告（可能引用外部實體），已拒絕讀取")
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        raise RejectedFile(f"檔案內的「{name}」不是正確的 XML，檔案可能已損壞") from None
    if root.getroottree().docinfo.doctype:
        raise RejectedFile(f"「{name}」含有 DOCTYPE 宣告，已拒絕讀取")
    return root


# --- writing ----------------------------------------------------------------------------------


def zip_date(moment: datetime) -> tuple[int, int, int, int, int, int]:
    """Return ``moment`` (in UTC) as a zip entry's date, held within 1980 to 2107."""
    with contextlib.suppress(OverflowError, ValueError, OSError):  # the ends of the calendar
        moment = moment.astimezone(UTC)
    stamp = moment.timetuple()[:6]
    return min(max(stamp, FIRST_ZIP_DATE), LAST_ZIP_DATE)  # type: ignore[return-value]


def write_zip(parts: Iterable[tuple[str, bytes]], moment: datetime) -> bytes:
    """Return a zip of ``parts`` (name, content) in their order, every entry dated ``moment``."""
    date_time = zip_date(moment)
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, data)
    return output.getvalue()


def read_parts(data: bytes) -> dict[str, bytes]:
    """Return every entry of the zip ``data`` (one docgen wrote itself) by name, in order."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return {info.filename: source.read(info.filename) for info in source.infolist()}


def normalize_zip(data: bytes, moment: datetime) -> bytes:
    """Return the zip ``data`` rewritten with every entry's timestamp set to ``moment``."""
    return write_zip(read_parts(data).items(), moment)


def copy_zip(data: bytes, replaced: Mapping[str, bytes]) -> bytes:
    """Return the zip ``data`` with the ``replaced`` parts, other entries' metadata kept.

    The slow path of a surgical edit, for layouts that :mod:`.zipcopy`'s raw copy cannot handle.
    """
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(output, "w") as target:
        names = set()
        for info in source.infolist():
            names.add(info.filename)
            content = replaced.get(info.filename)
            target.writestr(_copy_info(info), source.read(info) if content is None else content)
        for name, content in replaced.items():
            if name not in names:
                target.writestr(
                    zipfile.ZipInfo(name, FIRST_ZIP_DATE), content, zipfile.ZIP_DEFLATED
                )
    return output.getvalue()


def _copy_info(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    copy = zipfile.ZipInfo(info.filename, info.date_time)
    copy.compress_type = info.compress_type
    copy.external_attr = info.external_attr
    copy.create_system = info.create_system
    copy.comment = info.comment
    return copy
