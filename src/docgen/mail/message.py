"""Compose an e-mail as the bytes of an .eml file that Outlook and Thunderbird open as a draft.

The headers are written here, not by :class:`email.message.EmailMessage`: its serializer turns
a long attachment name into RFC 2231 continuations (``filename*0*=``), which Outlook shows as
"Untitled attachment". Every attachment carries its name twice, the form Thunderbird sends:
``filename*=UTF-8''…`` (RFC 2231, one parameter) on Content-Disposition and an RFC 2047
``name="=?UTF-8?B?…?="`` on Content-Type.

The output is deterministic: the same arguments give the same bytes (the Message-ID and the
MIME boundary are hashes of the content; the date is an argument). Lines end in CRLF and are
folded at 78 characters wherever a header has a place to fold; a single token longer than
that (a long MIME type, the percent-encoded file name) stays whole on its line, as RFC 5322
allows up to 998 characters.
"""

from __future__ import annotations

import base64
import hashlib
import json
import unicodedata
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import PurePath
from urllib.parse import quote

from docgen.problems import InputError

CRLF = "\r\n"
MAX_LINE = 78  # RFC 5322's recommended limit: fold before it
MAX_HARD_LINE = 998  # RFC 5322's limit: a line that cannot be folded must stay under it
BASE64_LINE = 76  # RFC 2045's limit for base64 bodies
WORD_BYTES = 42  # UTF-8 bytes per encoded-word: 56 base64 characters, a 68-character word
# A display name as few encoded-words as can be: some parsers (Python's among them) put a space
# where a name is split across two. 45 bytes make a 72-character word, RFC 2047 allows 75, and
# 「From: 」 with it still fits in 78 characters.
PHRASE_BYTES = 45
MAX_ADDRESS = 254  # RFC 5321's limit on a forward path
MESSAGE_ID_DOMAIN = "docgen.invalid"

MIME_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".pdf": "application/pdf",
    ".json": "application/json",
    ".csv": "text/csv",
}
FALLBACK_MIME_TYPE = "application/octet-stream"

# Characters a header must never hold: controls (CR, LF, TAB, NUL, DEL, C1), lone surrogates,
# and the Unicode line and paragraph separators that some readers treat as line breaks.
_FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})
# Characters an address must not hold: they would split or quote it in a header.
_ADDRESS_SPECIALS = frozenset(' <>,;:"()[]\\')


def compose(
    *,
    sender_name: str,
    sender: str,
    to: Sequence[str],
    subject: str,
    body: str,
    attachments: Sequence[tuple[str, bytes]],
    date: datetime,
    cc: Sequence[str] = (),
    draft: bool = True,
) -> bytes:
    """Return the bytes of an RFC 5322 message (an .eml file) with CRLF line endings.

    ``attachments`` are (file name, bytes) pairs; their MIME type follows the extension.
    ``date`` is written as the Date header (a naive datetime is taken as UTC). With ``draft``
    the message carries ``X-Unsent: 1`` so that Outlook opens it as an unsent draft.

    Raise InputError (naming the field) when the subject, the sender's name, an address or
    a file name holds a line break or another control character, or an address is not one.
    """
    _check_fields(sender_name, sender, to, cc, subject, attachments)
    _check_body(body)
    digest = _digest(sender_name, sender, to, cc, subject, body, attachments, date, draft)
    boundary = f"=_docgen_{digest[:32]}"
    lines = _message_headers(sender_name, sender, to, cc, subject, date, draft, digest)
    lines += _header("Content-Type", ["multipart/mixed;", f'boundary="{boundary}"'])
    lines += ["", "This is a multi-part message in MIME format."]
    parts = [_text_part(body)] + [_attachment_part(name, data) for name, data in attachments]
    for part in parts:
        lines += [f"--{boundary}", *part]
    lines.append(f"--{boundary}--")
    return (CRLF.join(lines) + CRLF).encode("ascii")


def mime_type(file_name: str) -> str:
    """Return the MIME type docgen writes for ``file_name``, by its extension."""
    return MIME_TYPES.get(PurePath(file_name).suffix.lower(), FALLBACK_MIME_TYPE)


def encoded_words(text: str, limit: int = WORD_BYTES) -> list[str]:
    """Return ``text`` as RFC 2047 encoded-words (UTF-8, B) of at most ``limit`` bytes each.

    The text is split on character boundaries, never inside a character's UTF-8 bytes.
    """
    chunks: list[str] = []
    current, size = "", 0
    for char in text:
        width = len(char.encode("utf-8"))
        if current and size + width > limit:
            chunks.append(current)
            current, size = "", 0
        current += char
        size += width
    chunks.append(current)
    return [f"=?UTF-8?B?{_b64(chunk.encode('utf-8'))}?=" for chunk in chunks]


# --- checks -----------------------------------------------------------------------------------


def _check_fields(
    sender_name: str,
    sender: str,
    to: Sequence[str],
    cc: Sequence[str],
    subject: str,
    attachments: Sequence[tuple[str, bytes]],
) -> None:
    """Raise InputError for the first field that cannot be written into a header."""
    _check_header_text("寄件者名稱", sender_name)
    _check_address("寄件者信箱", sender)
    if isinstance(to, str) or isinstance(cc, str):
        raise TypeError("to and cc are sequences of addresses, not one string")
    if not to:
        raise InputError("郵件沒有收件者：請填寫收件者信箱")
    for address in to:
        _check_address("收件者", address)
    for address in cc:
        _check_address("副本收件者", address)
    _check_header_text("主旨", subject)
    if not subject.strip():
        raise InputError("郵件主旨是空的")
    for name, _ in attachments:
        _check_file_name(name)


def _check_body(body: str) -> None:
    """Raise InputError when ``body`` holds a character UTF-8 cannot encode (a lone surrogate)."""
    if any(unicodedata.category(char) == "Cs" for char in body):
        raise InputError("郵件內文含有無法編碼的字元，請重新輸入內文")


def header_text_problem(text: str) -> str:
    """Return why ``text`` cannot go in a mail header (a line break, a control character), or ""."""
    for char in text:
        if unicodedata.category(char) in _FORBIDDEN_CATEGORIES:
            kind = "換行" if char in "\r\n\u2028\u2029\x85" else "控制字元"
            return f"「{_visible(text)}」含有{kind}（U+{ord(char):04X}），不能寫入郵件標頭"
    return ""


def _check_header_text(field: str, text: str) -> None:
    """Raise InputError when ``text`` holds a line break or another control character."""
    for char in text:
        if unicodedata.category(char) in _FORBIDDEN_CATEGORIES:
            raise InputError(
                f"{field}「{_visible(text)}」含有換行或控制字元（U+{ord(char):04X}），"
                "不能寫入郵件標頭，請刪除後再試"
            )


def _check_address(field: str, address: str) -> None:
    """Raise InputError naming ``field`` when ``address`` is not a usable e-mail address."""
    _check_header_text(field, address)
    if not address:
        raise InputError(f"{field}是空的，請填寫電子郵件地址")
    problem = address_problem(address)
    if problem:
        raise InputError(f"{field}「{address}」不是有效的電子郵件地址：{problem}")


def address_problem(address: str) -> str:
    """Return why ``address`` is not an e-mail address, or "" when it looks like one."""
    if address.count("@") != 1:
        return "必須恰好含有一個 @"
    local, domain = address.split("@")
    if not local or not domain:
        return "@ 的前後都必須有內容"
    if any(char.isspace() or char in _ADDRESS_SPECIALS for char in address):
        return "不能含有空白、角括號 < > 或逗號、分號等符號"
    if not address.isascii():
        return "只能使用英文字母、數字與符號（不支援中文信箱）"
    if len(address) > MAX_ADDRESS:
        return f"超過 {MAX_ADDRESS} 個字元"
    return ""


def _check_file_name(name: str) -> None:
    """Raise InputError when an attachment's name is empty, holds a control or is too long."""
    _check_header_text("附件檔名", name)
    if not name.strip():
        raise InputError("附件檔名是空的")
    if len(_filename_parameter(name)) + 1 > MAX_HARD_LINE:
        raise InputError(f"附件檔名「{name}」太長，郵件標頭放不下，請縮短檔名")


def _visible(text: str) -> str:
    """Return ``text`` with every forbidden character shown as □."""
    return "".join(
        "□" if unicodedata.category(char) in _FORBIDDEN_CATEGORIES else char for char in text
    )


# --- headers ----------------------------------------------------------------------------------


def _message_headers(
    sender_name: str,
    sender: str,
    to: Sequence[str],
    cc: Sequence[str],
    subject: str,
    date: datetime,
    draft: bool,
    digest: str,
) -> list[str]:
    """Return the lines of the message's own headers, before its Content-Type."""
    lines = ["X-Unsent: 1"] if draft else []
    lines += [
        f"Date: {rfc5322_date(_aware(date))}",
        f"Message-ID: <{digest[:40]}@{MESSAGE_ID_DOMAIN}>",
        "MIME-Version: 1.0",
    ]
    name = encoded_words(sender_name, PHRASE_BYTES) if sender_name else []
    lines += _header("From", [*name, f"<{sender}>"] if name else [sender])
    lines += _header("To", _address_list(to))
    if cc:
        lines += _header("Cc", _address_list(cc))
    lines += _header("Subject", encoded_words(subject))
    return lines


def _header(name: str, tokens: Sequence[str]) -> list[str]:
    """Return the lines of header ``name``: ``tokens`` joined by spaces, folded at 78 characters.

    A fold goes before a token that would pass the limit; a token is never split.
    """
    lines = [f"{name}: {tokens[0]}"]
    for token in tokens[1:]:
        if len(lines[-1]) + 1 + len(token) > MAX_LINE:
            lines.append(f" {token}")
        else:
            lines[-1] += f" {token}"
    return lines


def _address_list(addresses: Sequence[str]) -> list[str]:
    """Return the tokens of an address list: every address but the last followed by a comma."""
    return [f"{address}," for address in addresses[:-1]] + [addresses[-1]]


def _aware(date: datetime) -> datetime:
    """Return ``date`` with a time zone: a naive datetime is taken as UTC."""
    return date if date.tzinfo else date.replace(tzinfo=UTC)


_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def rfc5322_date(moment: datetime) -> str:
    """Return ``moment`` (with a time zone) as a Date header's value, ``Fri, 09 Aug 2017 …``.

    The text :func:`email.utils.format_datetime` gives; written here because importing
    :mod:`email.utils` imports :mod:`socket` and more (about 10 ms of each build).
    """
    return (
        f"{_WEEKDAYS[moment.weekday()]}, {moment.day:02d} {_MONTHS[moment.month - 1]} "
        f"{moment.year:04d} {moment.hour:02d}:{moment.minute:02d}:{moment.second:02d} "
        f"{moment.strftime('%z')}"
    )


# --- parts ------------------------------------------------------------------------------------


def _text_part(body: str) -> list[str]:
    """Return the lines of the text/plain part holding ``body`` (CRLF line breaks, base64)."""
    text = body.replace("\r\n", "\n").replace("\r", "\n").replace("\n", CRLF)
    return [
        'Content-Type: text/plain; charset="utf-8"',
        "Content-Transfer-Encoding: base64",
        "",
        *_base64_lines(text.encode("utf-8")),
    ]


def _attachment_part(name: str, data: bytes) -> list[str]:
    """Return the lines of the part attaching ``data`` as ``name``, named in both forms."""
    quoted = encoded_words(name)
    quoted[0] = f'name="{quoted[0]}'
    quoted[-1] = f'{quoted[-1]}"'
    return [
        *_header("Content-Type", [f"{mime_type(name)};", *quoted]),
        *_header("Content-Disposition", ["attachment;", _filename_parameter(name)]),
        "Content-Transfer-Encoding: base64",
        "",
        *_base64_lines(data),
    ]


def _filename_parameter(name: str) -> str:
    """Return the RFC 2231 ``filename*`` parameter for ``name``: one parameter, no continuations."""
    return "filename*=UTF-8''" + quote(name, safe="", encoding="utf-8")


def _base64_lines(data: bytes) -> list[str]:
    """Return ``data`` in base64, in lines of 76 characters."""
    encoded = _b64(data)
    return [encoded[start : start + BASE64_LINE] for start in range(0, len(encoded), BASE64_LINE)]


def _b64(data: bytes) -> str:
    """Return ``data`` in base64 as text, on one line."""
    return base64.b64encode(data).decode("ascii")


def _digest(
    sender_name: str,
    sender: str,
    to: Sequence[str],
    cc: Sequence[str],
    subject: str,
    body: str,
    attachments: Sequence[tuple[str, bytes]],
    date: datetime,
    draft: bool,
) -> str:
    """Return a SHA-256 hex digest of everything the message holds (its Message-ID, boundary)."""
    content = {
        "from": [sender_name, sender],
        "to": list(to),
        "cc": list(cc),
        "subject": subject,
        "body": body,
        "attachments": [[name, hashlib.sha256(data).hexdigest()] for name, data in attachments],
        "date": _aware(date).isoformat(),
        "draft": draft,
    }
    encoded = json.dumps(content, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()
