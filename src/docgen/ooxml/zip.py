"""Zip packages (.docx, .xlsx, .odt): one safe reader for files from outside, one writer.

Reading never trusts the file: each part's decompressed size is capped and read in chunks (a
zip bomb is refused after at most :data:`MAX_PART_BYTES`, :data:`MAX_TOTAL_BYTES` over a whole
file checked before conversion), the number of entries is capped, and XML is parsed without
entities, DTDs or network, a DOCTYPE refused outright. A damaged or encrypted entry, an
unknown compression method or a lying directory is refused as :class:`RejectedFile` naming
the entry, never as the zip library's own error.

Writing is deterministic: the same parts give the same bytes, every entry dated by one moment
(kept within what a zip can record, 1980 to 2107). They are the bytes :mod:`zipfile` writes,
every entry deflated at zlib's default level, but laid out here, so that an entry's deflated
form can be reused: a template's styles (about 350 kB) are deflated once a process, not once
for each document made from it. An archive needing more than a plain zip (ZIP64 records, a
name given twice) is left to :mod:`zipfile` itself.
"""

from __future__ import annotations

import contextlib
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Collection, Iterable, Iterator, Mapping
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


# How XML from outside is parsed: no entities, DTDs, network, huge nodes, comments or PIs.
UNTRUSTED_XML: dict[str, bool] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}


def iterparse_untrusted(
    data: bytes, events: tuple[str, ...], tag: str | tuple[str, ...]
) -> Iterator[tuple[str, etree._Element]]:
    """Return lxml's streaming parse of ``data`` (the ``events`` of ``tag``), parsed safely.

    The caller refuses a DOCTYPE first (:func:`has_doctype`).
    """
    return etree.iterparse(io.BytesIO(data), events=events, tag=tag, **UNTRUSTED_XML)


def has_doctype(data: bytes) -> bool:
    """Return True when ``data`` declares a DOCTYPE or an entity (never parsed)."""
    return _DOCTYPE.search(data) is not None


def parse_xml(data: bytes, name: str) -> etree._Element:
    """Return the root of ``data``; refuse a DOCTYPE and never resolve entities or fetch."""
    if _DOCTYPE.search(data):
        raise RejectedFile(f"「{name}」含有 DOCTYPE 宣告（可能引用外部實體），已拒絕讀取")
    parser = etree.XMLParser(dtd_validation=False, **UNTRUSTED_XML)
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


def write_zip(
    parts: Iterable[tuple[str, bytes]], moment: datetime, remembered: Collection[str] = ()
) -> bytes:
    """Return a zip of ``parts`` (name, content) in their order, every entry dated ``moment``.

    The bytes are those :mod:`zipfile` writes, every entry deflated at zlib's default level.
    The entries named in ``remembered`` (a template's own parts, the same in every document
    made from it) are deflated once a process for each content and the result reused.
    """
    date_time = zip_date(moment)
    entries = [(name, _as_bytes(data)) for name, data in parts]
    written = _archive(entries, date_time, frozenset(remembered))
    return written if written is not None else _zipfile_archive(entries, date_time)


def _as_bytes(data: bytes | str) -> bytes:
    """Return ``data``, text encoded as UTF-8 (as zipfile's ``writestr`` does)."""
    return data.encode("utf-8") if isinstance(data, str) else data


def _zipfile_archive(parts: list[tuple[str, bytes]], date_time: tuple[int, ...]) -> bytes:
    """Return the zip of ``parts`` written by :mod:`zipfile` itself."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = ENTRY_ATTRIBUTES
            target.writestr(info, data)
    return output.getvalue()


# What zipfile.ZipFile.writestr writes for a deflated entry, and its end record: the layouts
# of a local header, a central directory header and the end of the central directory.
ENTRY_ATTRIBUTES = 0o644 << 16
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_CENTRAL_HEADER = struct.Struct("<4s4B4HL2L5H2L")
_END_RECORD = struct.Struct("<4s4H2LH")
_UTF8_NAME = 0x800


def _archive(
    parts: list[tuple[str, bytes]], date_time: tuple[int, ...], remembered: frozenset[str]
) -> bytes | None:
    """Return the bytes :mod:`zipfile` would write for ``parts``, the deflating remembered.

    None when zipfile would do more than write each entry once: a name given twice (it warns),
    content that is not bytes, or an archive needing ZIP64 records.
    """
    infos = [zipfile.ZipInfo(name, date_time=date_time) for name, _ in parts]
    if len({info.filename for info in infos}) < len(infos) or len(infos) > _MAX_COUNT:
        return None
    if any(not isinstance(data, bytes) or len(data) * 1.05 > _MAX_SIZE for _, data in parts):
        return None
    local: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for info, (name, data) in zip(infos, parts, strict=True):
        if offset > _MAX_SIZE:
            return None
        records = _records(info, data, offset, name in remembered)
        if records is None:
            return None
        local.append(records[0])
        central.append(records[1])
        offset += len(records[0])
    directory = b"".join(central)
    if offset > _MAX_SIZE or len(directory) > _MAX_SIZE:
        return None
    count = len(infos)
    end = _END_RECORD.pack(b"PK\x05\x06", 0, 0, count, count, len(directory), offset, 0)
    return b"".join(local) + directory + end


def _records(
    info: zipfile.ZipInfo, data: bytes, offset: int, remember: bool
) -> tuple[bytes, bytes] | None:
    """Return an entry's local header and data, and its central directory header.

    As zipfile writes them for ``info`` (its name and date) at ``offset``; None when the
    entry would need ZIP64.
    """
    crc, deflated = _DEFLATED.deflate(data, remember)
    if len(deflated) > _MAX_SIZE:
        return None
    name, flags = _encoded_name(info.filename)
    dt = info.date_time
    dos_date = (dt[0] - 1980) << 9 | dt[1] << 5 | dt[2]
    dos_time = dt[3] << 11 | dt[4] << 5 | (dt[5] // 2)
    fields = (flags, zipfile.ZIP_DEFLATED, dos_time, dos_date, crc, len(deflated), len(data))
    versions = (info.create_version, info.create_system, info.extract_version, info.reserved)
    local = _LOCAL_HEADER.pack(b"PK\x03\x04", *versions[2:], *fields, len(name), 0)
    # Then the lengths of the name, extra field and comment, the disk, the attributes, where.
    place = (len(name), 0, 0, 0, info.internal_attr, ENTRY_ATTRIBUTES, offset)
    central = _CENTRAL_HEADER.pack(b"PK\x01\x02", *versions, *fields, *place)
    return local + name + deflated, central + name


# Beyond these, zipfile writes ZIP64 records (its ZIP64_LIMIT and ZIP_FILECOUNT_LIMIT).
_MAX_SIZE = (1 << 31) - 1
_MAX_COUNT = (1 << 16) - 1


def _encoded_name(name: str) -> tuple[bytes, int]:
    """Return an entry's name as zipfile writes it, and the flag saying it is UTF-8."""
    try:
        return name.encode("ascii"), 0
    except UnicodeEncodeError:
        return name.encode("utf-8"), _UTF8_NAME


class _Deflater:
    """zipfile's deflating (zlib's default level, raw stream), remembering what it is asked to.

    The remembered results are kept by content, up to :data:`REMEMBERED_BYTES` of content.
    """

    def __init__(self) -> None:
        self._known: dict[bytes, tuple[int, bytes]] = {}
        self._size = 0

    def deflate(self, data: bytes, remember: bool) -> tuple[int, bytes]:
        """Return the CRC-32 of ``data`` and ``data`` deflated as zipfile deflates an entry."""
        if remember and (known := self._known.get(data)) is not None:
            return known
        compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        result = zlib.crc32(data), compressor.compress(data) + compressor.flush()
        if remember and len(data) <= REMEMBERED_BYTES:
            if self._size + len(data) > REMEMBERED_BYTES:
                self._known.clear()
                self._size = 0
            self._known[data] = result
            self._size += len(data)
        return result


# Content whose deflated form is kept in memory (a few templates' styles, themes and images).
REMEMBERED_BYTES = 32 * 1024 * 1024
_DEFLATED = _Deflater()


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
