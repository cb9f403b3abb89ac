"""docgen submit --send: through a real SMTP server on loopback, and only when confirmed."""

from email import message_from_bytes, policy

import pytest

from support.smtp import LOOPBACK, Controller, Mailbox, free_port


@pytest.fixture
def server():
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname=LOOPBACK, port=port)
    controller.start()
    yield port, mailbox
    controller.stop()


@pytest.mark.soffice
def test_send_delivers_the_report_to_the_city(run, server, soffice):
    port, mailbox = server
    code, out, err = run(
        "submit", "-o", "out", "--send", "--yes", "--smtp-host", LOOPBACK,
        "--smtp-port", str(port), "--smtp-security", "none",
    )  # fmt: skip
    assert code == 0, err
    (delivery,) = mailbox.delivered
    assert delivery.rcpt_tos == ("ethics@tainan.example.gov.tw",)
    message = message_from_bytes(delivery.content, policy=policy.default)
    assert message["Subject"] == "臺南市南區區公所陳報廉政細工專案防貪策略資料"
    assert "X-Unsent" not in message
    names = [part.get_filename() for part in message.iter_attachments()]
    assert names == [
        f"{stem}_臺南市南區區公所_106年8月15日.{suffix}"
        for stem in ("防貪策略資料", "陳報函")
        for suffix in ("docx", "pdf", "odt")
    ]
    assert "即將寄出" in out and "已寄出" in out


def test_nothing_is_sent_without_confirmation_and_the_draft_stays(run, server):
    port, mailbox = server
    code, out, _ = run(
        "submit", "-o", "out", "--word-only", "--send", "--smtp-host", LOOPBACK,
        "--smtp-port", str(port), "--smtp-security", "none",
    )  # fmt: skip
    assert code == 0
    assert mailbox.delivered == [] and "未寄出" in out


def test_an_unreachable_server_is_a_clear_message_and_the_draft_stays(run, tmp_path):
    port = free_port()
    code, _, err = run(
        "submit", "-o", "out", "--word-only", "--send", "--yes", "--smtp-host", LOOPBACK,
        "--smtp-port", str(port), "--smtp-security", "none",
    )  # fmt: skip
    assert code == 1 and "未預期" not in err
    assert list((tmp_path / "out" / "陳報").glob("*.eml"))


def test_send_needs_a_server(run, monkeypatch):
    monkeypatch.delenv("DOCGEN_SMTP_HOST", raising=False)
    code, _, err = run("submit", "-o", "out", "--word-only", "--send", "--yes")
    assert code == 1 and "--smtp-host" in err
