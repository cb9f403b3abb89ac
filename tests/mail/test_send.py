"""Sending over a real SMTP server on loopback: what arrives, and every way it can fail."""

from __future__ import annotations

import email
import re
from datetime import datetime, timedelta, timezone
from email import policy
from pathlib import Path

import pytest

from docgen.mail.message import compose
from docgen.mail.send import PASSWORD_VARIABLE, SendReport, send, without_draft_mark
from docgen.problems import MailError
from support.smtp import LOOPBACK, PASSWORD, USER, Mailbox, OAuthOnly, free_port

KEPT = Path("提交/陳報市府政風處.eml")
SUBJECT = "檢送本所廉政細工專案防貪策略資料1份，請　鑒核。"
LONG_NAME = "防貪策略資料_臺南市永康區公所政風室_民國一一三年三月五日陳報市府政風處.docx"
ATTACHMENTS = [
    (LONG_NAME, b"PK\x03\x04" + bytes(range(256)) * 40),
    ("函稿.pdf", b"%PDF-1.7\r\n.\r\n..\r\n" * 50),  # lines of dots: SMTP's dot-stuffing
    ("防貪策略資料.json", '{"機關": "永康區公所"}'.encode()),
]
TO = ["ethics@tainan.example", "chief@tainan.example"]
CC = ["copy@example.gov.tw"]


@pytest.fixture
def eml() -> bytes:
    return compose(
        sender_name="政風室 王承辦",
        sender="wang@example.gov.tw",
        to=TO,
        cc=CC,
        subject=SUBJECT,
        body="敬啟者：\n檢送本所資料，請鑒核。\n\n政風室 王承辦\n",
        attachments=ATTACHMENTS,
        date=datetime(2024, 3, 5, 10, 0, tzinfo=timezone(timedelta(hours=8))),
    )


def deliver(data: bytes, port: int, **options) -> SendReport:
    """Send ``data`` to the loopback server on ``port``: no TLS, no login unless told."""
    arguments = {"security": "none", "user": None, "password": None, "timeout": 5, "kept": KEPT}
    return send(data, host=LOOPBACK, port=port, **(arguments | options))


def assert_arrived_intact(server, eml: bytes, *, tls: bool, login: bytes | None = None) -> None:
    """Check the one delivery: envelope, bytes, subject and every attachment named in Chinese."""
    [delivery] = server.mailbox.delivered
    assert delivery.mail_from == "wang@example.gov.tw"
    assert delivery.rcpt_tos == (*TO, *CC)
    assert (delivery.tls, delivery.login) == (tls, login)
    assert delivery.content == eml.replace(b"X-Unsent: 1\r\n", b"", 1)
    mail = email.message_from_bytes(delivery.content, policy=policy.default)
    assert mail["Subject"] == SUBJECT and "X-Unsent" not in mail
    assert [a.addr_spec for a in mail["To"].addresses] == TO
    arrived = [
        (
            part["Content-Type"].params["name"],
            part["Content-Disposition"].params["filename"],
            part.get_content(),
        )
        for part in mail.iter_attachments()
    ]
    assert arrived == [(name, name, data) for name, data in ATTACHMENTS]


def test_plain_smtp_delivers_every_attachment_intact(smtp_server, eml):
    server = smtp_server()
    report = deliver(eml, server.port)
    assert_arrived_intact(server, eml, tls=False)
    assert report.server == f"{LOOPBACK}:{server.port}"
    assert report.sender == "wang@example.gov.tw"
    assert report.recipients == (*TO, *CC)
    assert report.size == len(eml) - len(b"X-Unsent: 1\r\n")
    assert report.reply == "250 2.0.0 Message accepted for delivery"


def test_starttls_trusting_the_servers_certificate_through_a_ca_file(smtp_server, eml, tls_files):
    server = smtp_server(tls_context=tls_files.server_context(), require_starttls=True)
    deliver(eml, server.port, security="starttls", cafile=tls_files.certificate)
    assert_arrived_intact(server, eml, tls=True)


def test_starttls_to_an_untrusted_certificate_sends_nothing(smtp_server, eml, tls_files):
    server = smtp_server(tls_context=tls_files.server_context(), require_starttls=True)
    with pytest.raises(MailError) as caught:
        deliver(eml, server.port, security="starttls")
    assert str(caught.value) == (
        f"無法經由郵件伺服器 {LOOPBACK}:{server.port} 寄出郵件："
        "伺服器的憑證無法驗證（自行簽署的憑證，不受信任）；"
        "只有確定這台伺服器可信任時，才可明確指定不驗證憑證，郵件沒有寄給任何收件者；"
        f"郵件檔已保留於 {KEPT}，可手動寄送"
    )
    assert server.mailbox.delivered == []


def test_turning_verification_off_by_name_sends_anyway(smtp_server, eml, tls_files):
    server = smtp_server(tls_context=tls_files.server_context(), require_starttls=True)
    deliver(eml, server.port, security="starttls", verify=False)
    assert_arrived_intact(server, eml, tls=True)


def test_a_message_without_sender_or_recipients_is_not_sent():
    with pytest.raises(MailError, match=r"^郵件未寄出：郵件檔缺少寄件者或收件者"):
        deliver(b"Subject: x\r\n\r\nbody\r\n", free_port())


def test_an_unreadable_ca_file(tmp_path, eml):
    (tmp_path / "ca.pem").write_text("not a certificate")
    for cafile in (tmp_path / "missing.pem", tmp_path / "ca.pem"):
        with pytest.raises(MailError, match=f"^郵件未寄出：無法讀取憑證機構檔 {cafile}"):
            deliver(eml, free_port(), security="starttls", cafile=cafile)


def test_implicit_tls(smtp_server, eml, tls_files):
    server = smtp_server(ssl_context=tls_files.server_context())
    deliver(eml, server.port, security="ssl", cafile=tls_files.certificate)
    assert_arrived_intact(server, eml, tls=True)


def test_implicit_tls_to_a_plain_server_is_a_tls_error(smtp_server, eml):
    server = smtp_server()
    with pytest.raises(MailError, match="無法建立加密連線（TLS），請確認加密方式與連接埠"):
        deliver(eml, server.port, security="ssl")
    assert server.mailbox.delivered == []


@pytest.mark.parametrize("mechanism", ["LOGIN", "PLAIN"])
def test_login_over_starttls(smtp_server, eml, tls_files, mechanism):
    other = {"LOGIN": "PLAIN", "PLAIN": "LOGIN"}[mechanism]
    server = smtp_server(
        authenticate=True,
        auth_required=True,
        auth_exclude_mechanism=[other],
        tls_context=tls_files.server_context(),
        require_starttls=True,
    )
    login = {"user": USER, "password": PASSWORD, "cafile": tls_files.certificate}
    deliver(eml, server.port, security="starttls", **login)
    assert server.mailbox.mechanisms == [mechanism]
    assert_arrived_intact(server, eml, tls=True, login=USER.encode())


def test_a_refused_login_sends_nothing_and_never_shows_the_password(smtp_server, eml, tls_files):
    server = smtp_server(
        authenticate=True,
        auth_required=True,
        tls_context=tls_files.server_context(),
        require_starttls=True,
    )
    wrong = "Wr0ng-pa55word"
    with pytest.raises(MailError) as caught:
        deliver(
            eml,
            server.port,
            security="starttls",
            user=USER,
            password=wrong,
            cafile=tls_files.certificate,
        )
    message = str(caught.value)
    assert "郵件伺服器拒絕登入，請檢查帳號與密碼（535 5.7.8" in message
    assert "郵件沒有寄給任何收件者" in message and str(KEPT) in message
    assert wrong not in message and wrong not in repr(caught.value.problems)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    assert server.mailbox.delivered == []


def test_no_password_is_sent_over_an_unencrypted_connection():
    # Nothing listens on the port: the refusal comes before any connection.
    with pytest.raises(MailError, match=r"^郵件未寄出：不以未加密的連線傳送密碼") as caught:
        deliver(b"", free_port(), user=USER, password=PASSWORD)
    assert PASSWORD not in str(caught.value)


def test_a_login_without_a_password_names_the_environment_variable():
    with pytest.raises(MailError, match=f"沒有密碼：請以環境變數 {PASSWORD_VARIABLE} 設定"):
        deliver(b"", free_port(), security="starttls", user=USER, password=None)


def test_a_non_ascii_password_is_refused_without_showing_it():
    with pytest.raises(MailError, match="登入帳號或密碼含有英數字與符號以外的字元") as caught:
        deliver(b"", free_port(), security="ssl", user=USER, password="通關密語")
    assert "通關密語" not in str(caught.value)


@pytest.mark.parametrize(
    ("mailbox", "expected"),
    [
        (Mailbox, "郵件伺服器不提供登入（AUTH），請確認是否需要帳號"),
        (OAuthOnly, "郵件伺服器只提供 docgen 不支援的登入方式（XOAUTH2）"),
    ],
)
def test_a_server_offering_no_login_docgen_can_do(smtp_server, eml, tls_files, mailbox, expected):
    server = smtp_server(
        mailbox(),
        tls_context=tls_files.server_context(),
        auth_exclude_mechanism=["LOGIN", "PLAIN"],
    )
    with pytest.raises(MailError, match=re.escape(expected)):
        deliver(
            eml,
            server.port,
            security="starttls",
            user=USER,
            password=PASSWORD,
            cafile=tls_files.certificate,
        )
    assert server.mailbox.delivered == []


def test_starttls_asked_of_a_server_without_it(smtp_server, eml):
    server = smtp_server()
    with pytest.raises(MailError, match="郵件伺服器不支援 STARTTLS 加密"):
        deliver(eml, server.port, security="starttls")
    assert server.mailbox.delivered == []


def test_one_rejected_recipient_means_no_recipient_gets_it(smtp_server, eml):
    server = smtp_server(Mailbox(refuse=frozenset({"chief@tainan.example"})))
    with pytest.raises(MailError) as caught:
        deliver(eml, server.port)
    assert str(caught.value) == (
        f"無法經由郵件伺服器 {LOOPBACK}:{server.port} 寄出郵件："
        "郵件伺服器拒絕收件者 chief@tainan.example"
        "（550 5.1.1 Recipient address rejected: no such user）；"
        "為避免只寄給部分收件者，整封郵件不寄出，郵件沒有寄給任何收件者；"
        f"郵件檔已保留於 {KEPT}，可手動寄送"
    )
    assert server.mailbox.offered == [*TO, *CC]  # every recipient checked before any content
    assert server.mailbox.delivered == []


def test_an_unreachable_server(eml):
    port = free_port()
    with pytest.raises(MailError) as caught:
        deliver(eml, port)
    assert str(caught.value) == (
        f"無法經由郵件伺服器 {LOOPBACK}:{port} 寄出郵件：連線被拒，郵件沒有寄給任何收件者；"
        f"郵件檔已保留於 {KEPT}，可手動寄送"
    )


def test_a_server_that_goes_silent_after_the_content_is_reported_as_uncertain(smtp_server, eml):
    server = smtp_server(Mailbox(stall=3))
    with pytest.raises(MailError) as caught:
        deliver(eml, server.port, timeout=0.5)
    assert "傳送郵件內容時連線中斷，無法確定伺服器是否已收下" in str(caught.value)
    assert "沒有寄給任何收件者" not in str(caught.value)


def test_the_draft_mark_and_its_continuations_are_removed_only_from_the_headers():
    message = b"X-Unsent: 1\r\n folded\r\nSubject: s\r\nx-unsent: 1\r\n\r\nX-Unsent: 1\r\n"
    assert without_draft_mark(message) == b"Subject: s\r\n\r\nX-Unsent: 1\r\n"
    assert without_draft_mark(b"X-Unsent: 1\nSubject: s\n\nbody") == b"Subject: s\n\nbody"
