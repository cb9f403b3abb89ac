"""``docgen submit --send``: show what will be sent, ask, and send the e-mail draft over SMTP.

The password is read only from the environment (``DOCGEN_SMTP_PASSWORD``); the server, port,
security and user come from options or their environment variables. Nothing is sent unless
the user confirms (or gave ``--yes``); whatever happens, the .eml stays in place to send by hand.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import click

from docgen.problems import DocgenError

SECURITY = ("starttls", "ssl", "none")


def send_options(function: Callable[..., None]) -> Callable[..., None]:
    """Add ``--send`` and the SMTP options to a command."""
    options = [
        click.option(
            "--send",
            is_flag=True,
            help="產出後以 SMTP 寄出陳報郵件；寄出前列出收件者、主旨與附件並請您確認。",
        ),
        click.option("--yes", "-y", "assume_yes", is_flag=True, help="寄出前不再詢問確認。"),
        click.option(
            "--word-only",
            is_flag=True,
            help="郵件只附 Word 檔，不以 LibreOffice 另轉 PDF 與 ODT 附上"
            "（未安裝 LibreOffice 時自動如此，並說明原因）。",
        ),
        click.option(
            "--smtp-host",
            envvar="DOCGEN_SMTP_HOST",
            metavar="主機",
            help="郵件伺服器（或環境變數 DOCGEN_SMTP_HOST）。",
        ),
        click.option(
            "--smtp-port",
            envvar="DOCGEN_SMTP_PORT",
            type=int,
            metavar="埠號",
            help="連接埠（預設 STARTTLS 587、SSL 465、none 25）。",
        ),
        click.option(
            "--smtp-security",
            envvar="DOCGEN_SMTP_SECURITY",
            type=click.Choice(SECURITY),
            default="starttls",
            show_default=True,
            help="加密方式：starttls、ssl（隱含 TLS）或 none。",
        ),
        click.option(
            "--smtp-user",
            envvar="DOCGEN_SMTP_USER",
            metavar="帳號",
            help="登入帳號（或 DOCGEN_SMTP_USER）；密碼只從環境變數 DOCGEN_SMTP_PASSWORD 讀取。",
        ),
        click.option(
            "--no-verify-certificate",
            "skip_verify",
            is_flag=True,
            help="不驗證郵件伺服器的憑證（僅限測試或內部伺服器，不建議）。",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def deliver(written: Iterable[Path], settings: dict[str, Any]) -> None:
    """Send the .eml among ``written`` when ``--send`` was given, after the user confirms."""
    if not settings.get("send"):
        return
    from docgen.mail.send import PASSWORD_VARIABLE, send

    eml = next((path for path in written if path.suffix == ".eml"), None)
    if eml is None:
        raise DocgenError("沒有可寄出的郵件：請先於專案設定填寫「政風處信箱」後重新產出")
    host = settings.get("smtp_host")
    if not host:
        raise DocgenError(
            f"請以 --smtp-host 或環境變數 DOCGEN_SMTP_HOST 指定郵件伺服器；郵件檔 {eml} 已保留"
        )
    raw = eml.read_bytes()
    _show(raw, eml)
    if not settings.get("assume_yes") and not _confirmed():
        click.echo(f"未寄出；郵件檔保留於 {eml}，可用郵件程式開啟後寄送。")
        return
    report = send(
        raw,
        host=host,
        port=settings.get("smtp_port"),
        security=settings.get("smtp_security") or "starttls",
        user=settings.get("smtp_user") or None,
        password=os.environ.get(PASSWORD_VARIABLE),
        verify=not settings.get("skip_verify"),
        kept=eml,
    )
    click.echo(f"已寄出（{report.server}）給 {'、'.join(report.recipients)}。")


def _show(raw: bytes, eml: Path) -> None:
    from email import message_from_bytes, policy

    message = message_from_bytes(raw, policy=policy.default)
    names = [part.get_filename() or "（未命名）" for part in message.iter_attachments()]
    click.echo(f"即將寄出：{eml}")
    click.echo(f"  收件者：{message['To']}")
    if message["Cc"]:
        click.echo(f"  副本：{message['Cc']}")
    click.echo(f"  主旨：{message['Subject']}")
    click.echo(f"  附件：{'、'.join(names) or '無'}")


def _confirmed() -> bool:
    try:
        return click.confirm("確定寄出嗎？", default=False, err=True)
    except click.exceptions.Abort:  # no terminal to answer on: do not send
        return False
