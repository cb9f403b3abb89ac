"""Composing an e-mail: the exact bytes, names in Chinese in both header forms, no injection."""

import base64
import email
import re
from datetime import UTC, datetime, timedelta, timezone
from email import policy

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docgen.mail.message import (
    MAX_HARD_LINE,
    MAX_LINE,
    compose,
    encoded_words,
    mime_type,
    rfc5322_date,
)
from docgen.problems import InputError

TAIPEI = timezone(timedelta(hours=8))
LONG_NAME = "防貪策略資料_臺南市永康區公所政風室_民國一一三年三月五日陳報市府政風處.docx"
SUBJECT = "檢送本所廉政細工專案防貪策略資料1份，請　鑒核。"


def message(**changes) -> bytes:
    """Return a composed message: the arguments below, with ``changes``."""
    arguments = {
        "sender_name": "政風室 王承辦",
        "sender": "wang@example.gov.tw",
        "to": ["ethics@tainan.example", "chief@example.gov.tw"],
        "cc": ["copy@example.gov.tw"],
        "subject": SUBJECT,
        "body": "敬啟者：\n檢送資料。\n",
        "attachments": [("函稿.docx", b"docx"), (LONG_NAME, b"long"), ("data.json", b"{}")],
        "date": datetime(2024, 3, 5, 10, 0, tzinfo=TAIPEI),
    }
    return compose(**(arguments | changes))


BOUNDARY = "=_docgen_7cf3eb089e0c0eaa7917cff771ce66ad"
EXPECTED = [
    "X-Unsent: 1",
    "Date: Tue, 05 Mar 2024 10:00:00 +0800",
    "Message-ID: <7cf3eb089e0c0eaa7917cff771ce66ada4bd9eb8@docgen.invalid>",
    "MIME-Version: 1.0",
    "From: =?UTF-8?B?5pS/6aKo5a6kIOeOi+aJv+i+pg==?= <wang@example.gov.tw>",
    "To: ethics@tainan.example, chief@example.gov.tw",
    "Cc: copy@example.gov.tw",
    "Subject: =?UTF-8?B?5qqi6YCB5pys5omA5buJ5pS/57Sw5bel5bCI5qGI6Ziy6LKq562W55Wl?=",
    " =?UTF-8?B?6LOH5paZMeS7ve+8jOiri+OAgOmRkuaguOOAgg==?=",
    "Content-Type: multipart/mixed;",
    f' boundary="{BOUNDARY}"',
    "",
    "This is a multi-part message in MIME format.",
    f"--{BOUNDARY}",
    'Content-Type: text/plain; charset="utf-8"',
    "Content-Transfer-Encoding: base64",
    "",
    "5pWs5ZWf6ICF77yaDQrmqqLpgIHos4fmlpnjgIINCg==",
    f"--{BOUNDARY}",
    "Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document;",
    ' name="=?UTF-8?B?5Ye956i/LmRvY3g=?="',
    "Content-Disposition: attachment; filename*=UTF-8''%E5%87%BD%E7%A8%BF.docx",
    "Content-Transfer-Encoding: base64",
    "",
    "ZG9jeA==",
    f"--{BOUNDARY}",
    "Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document;",
    ' name="=?UTF-8?B?6Ziy6LKq562W55Wl6LOH5paZX+iHuuWNl+W4guawuOW6t+WNgOWFrA==?=',
    " =?UTF-8?B?5omA5pS/6aKo5a6kX+awkeWci+S4gOS4gOS4ieW5tOS4ieaciOS6lA==?=",
    ' =?UTF-8?B?5pel6Zmz5aCx5biC5bqc5pS/6aKo6JmVLmRvY3g=?="',
    "Content-Disposition: attachment;",
    " filename*=UTF-8''%E9%98%B2%E8%B2%AA%E7%AD%96%E7%95%A5%E8%B3%87%E6%96%99_"
    "%E8%87%BA%E5%8D%97%E5%B8%82%E6%B0%B8%E5%BA%B7%E5%8D%80%E5%85%AC%E6%89%80"
    "%E6%94%BF%E9%A2%A8%E5%AE%A4_%E6%B0%91%E5%9C%8B%E4%B8%80%E4%B8%80%E4%B8%89"
    "%E5%B9%B4%E4%B8%89%E6%9C%88%E4%BA%94%E6%97%A5%E9%99%B3%E5%A0%B1%E5%B8%82"
    "%E5%BA%9C%E6%94%BF%E9%A2%A8%E8%99%95.docx",
    "Content-Transfer-Encoding: base64",
    "",
    "bG9uZw==",
    f"--{BOUNDARY}",
    'Content-Type: application/json; name="=?UTF-8?B?ZGF0YS5qc29u?="',
    "Content-Disposition: attachment; filename*=UTF-8''data.json",
    "Content-Transfer-Encoding: base64",
    "",
    "e30=",
    f"--{BOUNDARY}--",
]


def test_the_message_is_exactly_these_bytes():
    assert message() == ("\r\n".join(EXPECTED) + "\r\n").encode("ascii")


def test_the_same_content_gives_the_same_bytes_and_other_content_another_id():
    assert message() == message()
    other = message(attachments=[("函稿.docx", b"docx, revised")])
    assert re.findall(rb"Message-ID: .*", other) != re.findall(rb"Message-ID: .*", message())
    assert BOUNDARY.encode() not in other


def parsed(data: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(data, policy=policy.default)


def test_a_sender_name_of_fifteen_characters_stays_one_word_and_parses_whole():
    name = "新北市板橋區公所政風室 吳佳蓉"
    data = message(sender_name=name)
    (line,) = [line for line in data.split(b"\r\n") if line.startswith(b"From: ")]
    assert len(line) <= 78 and line.count(b"=?UTF-8?B?") == 1
    assert parsed(data)["From"].addresses[0].display_name == name


def test_everything_parses_back_with_pythons_email_parser():
    mail = parsed(message())
    assert mail["Subject"] == SUBJECT
    assert mail["From"].addresses[0].display_name == "政風室 王承辦"
    assert mail["From"].addresses[0].addr_spec == "wang@example.gov.tw"
    assert [a.addr_spec for a in mail["To"].addresses] == [
        "ethics@tainan.example",
        "chief@example.gov.tw",
    ]
    assert [a.addr_spec for a in mail["Cc"].addresses] == ["copy@example.gov.tw"]
    assert mail["Date"].datetime == datetime(2024, 3, 5, 2, 0, tzinfo=UTC)
    assert mail["X-Unsent"] == "1"
    # The text part is in MIME's canonical form: CRLF line breaks, whatever the caller used.
    assert mail.get_body(("plain",)).get_content() == "敬啟者：\r\n檢送資料。\r\n"


def attachments_of(mail: email.message.EmailMessage) -> list[tuple[str, str, str, bytes]]:
    """Return each attachment's two names (Content-Type, Content-Disposition), type, bytes."""
    return [
        (
            part["Content-Type"].params["name"],
            part["Content-Disposition"].params["filename"],
            part.get_content_type(),
            part.get_content(),
        )
        for part in mail.iter_attachments()
    ]


def test_attachments_are_named_in_chinese_in_both_header_forms_and_round_trip():
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert attachments_of(parsed(message())) == [
        ("函稿.docx", "函稿.docx", docx, b"docx"),
        (LONG_NAME, LONG_NAME, docx, b"long"),
        ("data.json", "data.json", "application/json", b"{}"),
    ]


def test_the_content_type_name_alone_decodes_to_the_chinese_name():
    """Outlook may read only name=: it must hold the whole name, not a fallback."""
    start = EXPECTED.index(
        ' name="=?UTF-8?B?6Ziy6LKq562W55Wl6LOH5paZX+iHuuWNl+W4guawuOW6t+WNgOWFrA==?='
    )
    header = "".join(EXPECTED[start : start + 3])
    assert header.endswith('?="')
    words = re.findall(r"=\?UTF-8\?B\?([^?]*)\?=", header)
    assert b"".join(base64.b64decode(word) for word in words).decode() == LONG_NAME
    assert "*0*" not in "".join(EXPECTED) and "filename*0" not in "".join(EXPECTED)


def test_large_binary_attachments_round_trip():
    data = bytes(range(256)) * 400
    mail = parsed(message(attachments=[("附件一.pdf", data), ("附件二.odt", b"")]))
    assert [(name, content) for name, _, _, content in attachments_of(mail)] == [
        ("附件一.pdf", data),
        ("附件二.odt", b""),
    ]


def body_lines(data: bytes) -> set[bytes]:
    """Return the base64 lines of every part's body."""
    lines = set()
    for chunk in data.split(b"\r\n--=_docgen_")[1:]:
        _, _, body = chunk.partition(b"\r\n\r\n")
        lines.update(line for line in body.split(b"\r\n") if line)
    return lines


def test_lines_end_in_crlf_and_are_folded_at_78_characters():
    data = message(
        attachments=[("附件一.pdf", bytes(3000)), (LONG_NAME, b"x" * 500)],
        to=[f"unit{n}@example.gov.tw" for n in range(12)],
        sender_name="臺南市永康區公所政風室承辦人員王承辦（分機一二三）",
    )
    assert b"\r" not in data.replace(b"\r\n", b"") and b"\n" not in data.replace(b"\r\n", b"")
    bodies = body_lines(data)
    for line in data.split(b"\r\n"):
        if line in bodies:
            assert len(line) <= 76
        elif len(line) > MAX_LINE:
            # Only a single token with nowhere to fold: a long MIME type, the filename* parameter.
            assert len(line) <= MAX_HARD_LINE
            assert re.fullmatch(rb"(Content-Type: [\w.+/-]+;| filename\*=UTF-8''[\w%.~-]+)", line)
    assert max(len(line) for line in bodies) == 76


@given(st.text(min_size=1, max_size=200))
def test_encoded_words_split_on_character_boundaries(text):
    words = encoded_words(text)
    decoded = []
    for word in words:
        assert len(word) <= 68 <= 75
        assert word.startswith("=?UTF-8?B?") and word.endswith("?=")
        decoded.append(base64.b64decode(word[10:-2]).decode("utf-8"))  # each word alone
    assert "".join(decoded) == text


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("a.odt", "application/vnd.oasis.opendocument.text"),
        ("a.PDF", "application/pdf"),
        ("a.json", "application/json"),
        ("a.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("a.csv", "text/csv"),
        ("a.zip", "application/octet-stream"),
        ("無副檔名", "application/octet-stream"),
    ],
)
def test_mime_type_follows_the_extension(name, expected):
    assert mime_type(name) == expected


def test_not_a_draft_has_no_unsent_mark_and_a_naive_date_is_utc():
    data = message(draft=False, date=datetime(2024, 3, 5, 2, 0), cc=())
    assert b"X-Unsent" not in data and b"\r\nCc:" not in data
    assert data.startswith(b"Date: Tue, 05 Mar 2024 02:00:00 +0000\r\n")


def test_a_sender_without_a_name_is_the_address_alone():
    assert b"\r\nFrom: wang@example.gov.tw\r\n" in message(sender_name="")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"subject": "主旨\r\nBcc: spy@evil.example"}, "主旨"),
        ({"subject": "主旨\n第二行"}, "主旨"),
        ({"subject": "主旨\r"}, "主旨"),
        ({"subject": "主旨\u2028第二行"}, "主旨"),
        ({"subject": "主旨\x00"}, "主旨"),
        ({"sender_name": "王承辦\nBcc: spy@evil.example"}, "寄件者名稱"),
        ({"sender": "wang@example.gov.tw\r\nBcc: spy@evil.example"}, "寄件者信箱"),
        ({"to": ["ethics@tainan.example\nBcc: spy@evil.example"]}, "收件者"),
        ({"cc": ["copy@example.gov.tw\r\n"]}, "副本收件者"),
        ({"attachments": [("函稿\r\nContent-Type: text/html.docx", b"")]}, "附件檔名"),
        ({"attachments": [("函稿\t.docx", b"")]}, "附件檔名"),
    ],
)
def test_line_breaks_and_controls_in_a_header_are_refused(changes, field):
    with pytest.raises(InputError, match=f"^{field}「.*」含有換行或控制字元") as caught:
        message(**changes)
    assert "\n" not in str(caught.value) and "\r" not in str(caught.value)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"to": ["ethics"]}, "收件者「ethics」不是有效的電子郵件地址：必須恰好含有一個 @"),
        ({"to": ["a@b@c"]}, "收件者「a@b@c」不是有效的電子郵件地址：必須恰好含有一個 @"),
        ({"to": ["@example.gov.tw"]}, "@ 的前後都必須有內容"),
        ({"cc": ["王 <w@example.gov.tw>"]}, "副本收件者「王 <w@example.gov.tw>」不是有效的"),
        ({"to": ["a b@example.gov.tw"]}, "不能含有空白"),
        ({"to": ["a,b@example.gov.tw"]}, "不能含有空白、角括號 < > 或逗號"),
        ({"sender": "王@example.gov.tw"}, "寄件者信箱「王@example.gov.tw」不是有效的電子郵件地址"),
        ({"sender": ""}, "寄件者信箱是空的，請填寫電子郵件地址"),
        ({"to": []}, "郵件沒有收件者"),
        ({"subject": "  "}, "郵件主旨是空的"),
        ({"attachments": [("", b"")]}, "附件檔名是空的"),
        ({"attachments": [("長" * 120 + ".docx", b"")]}, "太長"),
    ],
)
def test_an_unusable_field_is_refused_by_name(changes, expected):
    with pytest.raises(InputError, match=re.escape(expected)):
        message(**changes)


@given(
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)),
    st.integers(min_value=-23 * 60 - 59, max_value=23 * 60 + 59),
)
def test_the_date_header_is_what_the_standard_library_writes(moment, offset_minutes):
    from email.utils import format_datetime

    zoned = moment.replace(tzinfo=timezone(timedelta(minutes=offset_minutes)))
    assert rfc5322_date(zoned) == format_datetime(zoned)
    assert rfc5322_date(moment.replace(tzinfo=UTC)) == format_datetime(moment.replace(tzinfo=UTC))
