"""Send a composed message over SMTP with the standard library: to every recipient or to none.

STARTTLS or implicit TLS use :func:`ssl.create_default_context`, so the server's certificate
is verified unless the caller turns verification off by name (``verify=False``). A password
is only ever passed in (the CLI reads it from :data:`PASSWORD_VARIABLE`); it is never written
anywhere, and no message docgen raises contains it.

The envelope comes from the message's own From, To and Cc. Every recipient is offered to the
server (RCPT) before the content (DATA); if any is refused the transaction is reset, so the
mail reaches either every recipient or none. The ``X-Unsent`` draft mark is removed first:
the mail that is sent is not a draft.

Every failure raises :class:`~docgen.problems.MailError` with a zh-TW message that names the
server and, when the caller passes ``kept``, the .eml file left to send by hand.
"""

from __future__ import annotations

import contextlib
import re
import smtplib
import socket
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import getaddresses
from pathlib import Path
from typing import Literal

from docgen.problems import MailError

Security = Literal["starttls", "ssl", "none"]
DEFAULT_PORTS: dict[str, int] = {"starttls": 587, "ssl": 465, "none": 25}
PASSWORD_VARIABLE = "DOCGEN_SMTP_PASSWORD"
ACCEPTED_RECIPIENT = (250, 251)
LOGIN_MECHANISMS = frozenset({"CRAM-MD5", "PLAIN", "LOGIN"})  # what smtplib can do

# OpenSSL's verification codes, in words a user can act on.
_CERTIFICATE_PROBLEMS = {
    10: "憑證已過期",
    18: "自行簽署的憑證，不受信任",
    19: "憑證鏈中有自行簽署的憑證，不受信任",
    20: "找不到簽發這張憑證的憑證機構",
    21: "無法驗證這張憑證的簽發者",
    62: "憑證上的名稱與伺服器名稱不符",
    64: "憑證上的 IP 位址與伺服器不符",
}


@dataclass(frozen=True)
class SendReport:
    """What was sent: through which server, from whom, to whom, and what the server said."""

    server: str
    sender: str
    recipients: tuple[str, ...]
    size: int
    reply: str


class _Refusal(Exception):
    """A step the server refused, or that docgen refused to take; the argument says why."""

    uncertain = False


class _Uncertain(_Refusal):
    """The connection broke while the content was sent: the server may have kept the mail."""

    uncertain = True


def send(
    message: bytes,
    *,
    host: str,
    port: int | None,
    security: Security,
    user: str | None,
    password: str | None,
    verify: bool = True,
    timeout: float = 30,
    cafile: str | Path | None = None,
    kept: Path | None = None,
) -> SendReport:
    """Send ``message`` (an .eml's bytes) through ``host`` and return what was sent.

    ``port`` None means the usual port of ``security`` (587 STARTTLS, 465 SSL, 25 none).
    With ``user`` docgen logs in with ``password`` (never over an unencrypted connection);
    without it (None or "") the password is ignored. ``cafile`` replaces the system's certificate
    authorities; ``verify=False`` turns certificate verification off. ``kept`` is the .eml
    file the error message points to.

    Raise MailError when the mail could not be sent to every recipient: then nothing was sent
    (unless the connection broke while the content was sent, which the message says).

    Example (a caller that has written ``eml`` to ``path``)::

        from docgen.mail.message import compose
        from docgen.mail.send import PASSWORD_VARIABLE, send

        eml = compose(
            sender_name="王承辦", sender="wang@example.gov.tw", to=["ethics@example.gov.tw"],
            subject="檢送防貪策略資料", body="敬啟者：……", date=moment,
            attachments=[("防貪策略資料.docx", docx_bytes)],
        )
        report = send(
            eml, host="smtp.example.gov.tw", port=None, security="starttls",
            user="wang", password=os.environ.get(PASSWORD_VARIABLE), kept=path,
        )
    """
    port = port or DEFAULT_PORTS[security]
    server = f"{host}:{port}"
    _check_login(security, user, password, kept)
    sender, recipients = _envelope(message, kept)
    data = without_draft_mark(message)
    context = _context(verify, cafile, kept)
    try:
        client = _connect(host, port, security, context, timeout)
        try:
            reply = _session(client, security, context, user, password, sender, recipients, data)
        finally:
            client.close()
    except (_Refusal, smtplib.SMTPException, OSError, UnicodeError) as error:
        raise MailError(_scrub(_failure(server, error, timeout, kept), password)) from None
    return SendReport(server, sender, tuple(recipients), len(data), reply)


def tls_context(*, verify: bool = True, cafile: str | Path | None = None) -> ssl.SSLContext:
    """Return the TLS context docgen connects with: the system's defaults, verifying unless told."""
    context = ssl.create_default_context(cafile=str(cafile) if cafile else None)
    if not verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def without_draft_mark(message: bytes) -> bytes:
    """Return ``message`` without its ``X-Unsent`` header (and any folded continuation of it)."""
    match = re.search(rb"\r?\n\r?\n", message)
    end = match.start() if match else len(message)
    kept: list[bytes] = []
    dropping = False
    for line in re.split(rb"\r?\n", message[:end]):
        if line[:1] not in (b" ", b"\t"):
            dropping = line.lower().startswith(b"x-unsent:")
        if not dropping:
            kept.append(line)
    return b"\r\n".join(kept) + message[end:]


# --- before connecting ------------------------------------------------------------------------


def _context(verify: bool, cafile: str | Path | None, kept: Path | None) -> ssl.SSLContext:
    """Return :func:`tls_context`; raise MailError when ``cafile`` cannot be read."""
    try:
        return tls_context(verify=verify, cafile=cafile)
    except OSError:  # ssl.SSLError too: a file that holds no certificate
        raise MailError(f"郵件未寄出：無法讀取憑證機構檔 {cafile}{_kept(kept)}") from None


def _check_login(security: str, user: str | None, password: str | None, kept: Path | None) -> None:
    """Raise MailError when the login asked for cannot or must not be attempted."""
    if not user:
        return
    if security == "none":
        problem = "不以未加密的連線傳送密碼，請改用 STARTTLS 或 SSL"
    elif password is None:
        problem = f"已指定登入帳號 {user}，但沒有密碼：請以環境變數 {PASSWORD_VARIABLE} 設定"
    elif not (user.isascii() and password.isascii()):
        problem = "登入帳號或密碼含有英數字與符號以外的字元，SMTP 無法傳送"
    else:
        return
    raise MailError(_scrub(f"郵件未寄出：{problem}{_kept(kept)}", password))


def _envelope(message: bytes, kept: Path | None) -> tuple[str, list[str]]:
    """Return the envelope sender and recipients: the addresses in From, and in To and Cc."""
    headers = BytesHeaderParser(policy=compat32).parsebytes(message)
    senders = [address for _, address in getaddresses(headers.get_all("From", [])) if address]
    fields = headers.get_all("To", []) + headers.get_all("Cc", [])
    recipients = [address for _, address in getaddresses(fields) if address]
    if len(senders) != 1 or not recipients:
        raise MailError(f"郵件未寄出：郵件檔缺少寄件者或收件者{_kept(kept)}")
    return senders[0], recipients


# --- the SMTP session -------------------------------------------------------------------------


def _connect(
    host: str, port: int, security: str, context: ssl.SSLContext, timeout: float
) -> smtplib.SMTP:
    """Return a client connected to the server (already in TLS for implicit TLS)."""
    if security == "ssl":
        return smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
    return smtplib.SMTP(host, port, timeout=timeout)


def _session(
    client: smtplib.SMTP,
    security: str,
    context: ssl.SSLContext,
    user: str | None,
    password: str | None,
    sender: str,
    recipients: Sequence[str],
    data: bytes,
) -> str:
    """Run the session on a connected client and return the server's reply to the content."""
    client.ehlo()
    if security == "starttls":
        if not client.has_extn("starttls"):
            raise _Refusal("郵件伺服器不支援 STARTTLS 加密，請確認加密方式與連接埠")
        client.starttls(context=context)
        client.ehlo()
    if user:
        _check_mechanisms(client)
        client.login(user, password or "")
    reply = _deliver(client, sender, recipients, data)
    with contextlib.suppress(smtplib.SMTPException, OSError):
        client.quit()
    return reply


def _check_mechanisms(client: smtplib.SMTP) -> None:
    """Raise _Refusal when the server offers no login smtplib can do (CRAM-MD5, PLAIN, LOGIN)."""
    offered = client.esmtp_features.get("auth", "").upper().split()
    if not offered:
        raise _Refusal("郵件伺服器不提供登入（AUTH），請確認是否需要帳號")
    if not set(offered) & LOGIN_MECHANISMS:
        raise _Refusal(f"郵件伺服器只提供 docgen 不支援的登入方式（{'、'.join(offered)}）")


def _deliver(client: smtplib.SMTP, sender: str, recipients: Sequence[str], data: bytes) -> str:
    """Offer every recipient, then the content only when all were accepted; return the reply."""
    code, reply = client.mail(sender)
    if code != 250:
        _reset(client)
        raise _Refusal(f"郵件伺服器拒絕寄件者 {sender}（{_said(code, reply)}）")
    refused = []
    for recipient in recipients:
        code, reply = client.rcpt(recipient)
        if code not in ACCEPTED_RECIPIENT:
            refused.append(f"{recipient}（{_said(code, reply)}）")
    if refused:
        _reset(client)
        raise _Refusal(
            f"郵件伺服器拒絕收件者 {'、'.join(refused)}；為避免只寄給部分收件者，整封郵件不寄出"
        )
    try:
        code, reply = client.data(data)
    except (smtplib.SMTPServerDisconnected, OSError):
        raise _Uncertain("傳送郵件內容時連線中斷") from None
    if code != 250:
        raise _Refusal(f"郵件伺服器不接受這封郵件（{_said(code, reply)}）")
    return _said(code, reply)


def _reset(client: smtplib.SMTP) -> None:
    """Abandon the transaction (RSET); a server already gone needs nothing more."""
    with contextlib.suppress(smtplib.SMTPException, OSError):
        client.rset()


# --- messages ---------------------------------------------------------------------------------


def _failure(server: str, error: BaseException, timeout: float, kept: Path | None) -> str:
    """Return the zh-TW message for a failed send through ``server``."""
    if getattr(error, "uncertain", False):
        outcome = "，無法確定伺服器是否已收下：請先向收件者確認，再決定是否重寄"
    else:
        outcome = "，郵件沒有寄給任何收件者"
    return f"無法經由郵件伺服器 {server} 寄出郵件：{_reason(error, timeout)}{outcome}{_kept(kept)}"


def _reason(error: BaseException, timeout: float) -> str:
    """Return what went wrong, in words a user can act on."""
    if isinstance(error, _Refusal):
        return str(error)
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return f"郵件伺服器拒絕登入，請檢查帳號與密碼（{_said(error.smtp_code, error.smtp_error)}）"
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return "郵件伺服器中斷了連線"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"郵件伺服器回報錯誤（{_said(error.smtp_code, error.smtp_error)}）"
    if isinstance(error, smtplib.SMTPException):
        return f"郵件伺服器回報錯誤（{error}）"
    return _connection_reason(error, timeout)


def _connection_reason(error: BaseException, timeout: float) -> str:
    """Return what went wrong with the connection itself."""
    if isinstance(error, ssl.SSLCertVerificationError):
        problem = _CERTIFICATE_PROBLEMS.get(error.verify_code, error.verify_message)
        return (
            f"伺服器的憑證無法驗證（{problem}）；只有確定這台伺服器可信任時，才可明確指定不驗證憑證"
        )
    if isinstance(error, ssl.SSLError):
        return "無法建立加密連線（TLS），請確認加密方式與連接埠是否相符"
    if isinstance(error, socket.gaierror):
        return "找不到這台郵件伺服器（名稱無法解析）"
    if isinstance(error, ConnectionRefusedError):
        return "連線被拒"
    if isinstance(error, TimeoutError):
        return f"連線逾時（{timeout:g} 秒沒有回應）"
    if isinstance(error, UnicodeError):
        return "郵件伺服器名稱無效"
    if isinstance(error, OSError):
        return f"連線失敗（{error.strerror or error}）"
    return str(error)


def _said(code: int, reply: bytes | str) -> str:
    """Return the server's reply as text: its code and words."""
    words = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
    return f"{code} {' '.join(words.split())}".strip()


def _kept(kept: Path | None) -> str:
    """Return the note on where the unsent .eml file is, or "" when the caller gave none."""
    return f"；郵件檔已保留於 {kept}，可手動寄送" if kept else ""


def _scrub(text: str, password: str | None) -> str:
    """Return ``text`` with the password, should a server have echoed it, masked."""
    return text.replace(password, "＊＊＊") if password else text
