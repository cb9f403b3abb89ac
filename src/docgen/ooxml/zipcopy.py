"""Rewrite a zip file changing some entries and copying every other one byte for byte.

The unchanged entries keep their local header, compressed data and data descriptor exactly
as Excel (or whoever) wrote them; only their offsets in the central directory move. Changed
and added entries are deflated anew. Archives needing ZIP64 are refused (``ValueError``):
a workbook of that size is not something docgen edits.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

LOCAL_HEADER = struct.Struct("<4s5H3L2H")
CENTRAL_HEADER = struct.Struct("<4s6H3L5H2L")
END_RECORD = struct.Struct("<4s4H2LH")
LOCAL_SIGNATURE = b"PK\x03\x04"
CENTRAL_SIGNATURE = b"PK\x01\x02"
END_SIGNATURE = b"PK\x05\x06"
DESCRIPTOR_SIGNATURE = b"PK\x07\x08"
UTF8_FLAG = 0x800
DESCRIPTOR_FLAG = 0x08
LIMIT = 0xFFFFFFFF
DEFLATE_VERSION = 20


@dataclass(frozen=True)
class _Entry:
    """One entry of the new archive: its central directory fields and its local bytes."""

    name: bytes
    flags: int
    method: int
    dos_time: int
    dos_date: int
    crc: int
    compressed: int
    size: int
    local: bytes  # local header, data and descriptor, as written
    made_by: int = DEFLATE_VERSION
    needed: int = DEFLATE_VERSION
    extra: bytes = b""
    comment: bytes = b""
    internal: int = 0
    external: int = 0o644 << 16


def rewrite(data: bytes, replaced: dict[str, bytes]) -> bytes:
    """Return the zip ``data`` with ``replaced`` entries (name → content) changed or added."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        infos = source.infolist()
    entries, names = [], set()
    for info in infos:
        names.add(info.filename)
        if info.filename in replaced:
            entries.append(_new_entry(info.filename, replaced[info.filename], info))
        else:
            entries.append(_copied_entry(data, info))
    for name, content in replaced.items():
        if name not in names:
            entries.append(_new_entry(name, content, None))
    return _archive(entries)


def _encoded(info: zipfile.ZipInfo) -> bytes:
    if info.flag_bits & UTF8_FLAG:
        return info.filename.encode("utf-8")
    return info.orig_filename.encode("cp437")


def _dos(date_time: tuple[int, ...]) -> tuple[int, int]:
    year, month, day, hour, minute, second = date_time
    return (hour << 11) | (minute << 5) | (second // 2), ((year - 1980) << 9) | (month << 5) | day


def _copied_entry(data: bytes, info: zipfile.ZipInfo) -> _Entry:
    """Return ``info``'s entry with its local bytes sliced unchanged out of ``data``."""
    if max(info.compress_size, info.file_size, info.header_offset) >= LIMIT:
        raise ValueError("ZIP64 archives are not rewritten")
    start = info.header_offset
    header = LOCAL_HEADER.unpack_from(data, start)
    if header[0] != LOCAL_SIGNATURE:
        raise ValueError(f"bad local header for {info.filename}")
    name_length, extra_length = header[9], header[10]
    end = start + LOCAL_HEADER.size + name_length + extra_length + info.compress_size
    if info.flag_bits & DESCRIPTOR_FLAG:
        end += 16 if data[end : end + 4] == DESCRIPTOR_SIGNATURE else 12
    if data[end : end + 2] != b"PK":
        raise ValueError(f"cannot find where {info.filename} ends")
    dos_time, dos_date = _dos(info.date_time)
    return _Entry(
        name=_encoded(info),
        flags=info.flag_bits,
        method=info.compress_type,
        dos_time=dos_time,
        dos_date=dos_date,
        crc=info.CRC,
        compressed=info.compress_size,
        size=info.file_size,
        local=data[start:end],
        made_by=(info.create_system << 8) | info.create_version,
        needed=info.extract_version,
        extra=info.extra,
        comment=info.comment,
        internal=info.internal_attr,
        external=info.external_attr,
    )


def _new_entry(name: str, content: bytes, like: zipfile.ZipInfo | None) -> _Entry:
    """Return a deflated entry for ``content``, dated and permissioned like ``like``."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    packed = compressor.compress(content) + compressor.flush()
    encoded = name.encode("utf-8")
    flags = UTF8_FLAG if not encoded.isascii() else 0
    dos_time, dos_date = _dos(like.date_time if like is not None else (1980, 1, 1, 0, 0, 0))
    crc = zlib.crc32(content)
    header = LOCAL_HEADER.pack(
        LOCAL_SIGNATURE,
        DEFLATE_VERSION,
        flags,
        zipfile.ZIP_DEFLATED,
        dos_time,
        dos_date,
        crc,
        len(packed),
        len(content),
        len(encoded),
        0,
    )
    return _Entry(
        name=encoded,
        flags=flags,
        method=zipfile.ZIP_DEFLATED,
        dos_time=dos_time,
        dos_date=dos_date,
        crc=crc,
        compressed=len(packed),
        size=len(content),
        local=header + encoded + packed,
        external=like.external_attr if like is not None else 0o644 << 16,
    )


def _archive(entries: list[_Entry]) -> bytes:
    output = io.BytesIO()
    offsets = []
    for entry in entries:
        offsets.append(output.tell())
        output.write(entry.local)
    directory_start = output.tell()
    for entry, offset in zip(entries, offsets, strict=True):
        output.write(
            CENTRAL_HEADER.pack(
                CENTRAL_SIGNATURE,
                entry.made_by,
                entry.needed,
                entry.flags,
                entry.method,
                entry.dos_time,
                entry.dos_date,
                entry.crc,
                entry.compressed,
                entry.size,
                len(entry.name),
                len(entry.extra),
                len(entry.comment),
                0,
                entry.internal,
                entry.external,
                offset,
            )
        )
        output.write(entry.name + entry.extra + entry.comment)
    directory_size = output.tell() - directory_start
    if directory_start >= LIMIT or len(entries) >= 0xFFFF:
        raise ValueError("ZIP64 archives are not rewritten")
    count = len(entries)
    output.write(
        END_RECORD.pack(END_SIGNATURE, 0, 0, count, count, directory_size, directory_start, 0)
    )
    return output.getvalue()
