"""A unit's 修正意見表 e-mail draft (docgen forms --eml) sent through a real SMTP server."""

from __future__ import annotations

import email
from email import policy

from docgen.documents import Options
from docgen.documents.kinds import forms
from docgen.files.paths import example_workbook
from docgen.mail.send import send
from docgen.workbook.loader import load_project
from support.smtp import LOOPBACK


def test_a_form_draft_arrives_with_its_form_and_the_envelope_of_its_headers(smtp_server, tmp_path):
    project = load_project(example_workbook()).project
    rendered = {
        r.relative_path.name: r.data for r in forms.render(project, Options(force=True, eml=True))
    }
    draft = rendered["修正意見表_社會課.eml"]
    server = smtp_server()
    report = send(
        draft,
        host=LOOPBACK,
        port=server.port,
        security="none",
        user=None,
        password=None,
        timeout=5,
        kept=tmp_path / "修正意見表_社會課.eml",
    )
    [delivery] = server.mailbox.delivered
    assert delivery.mail_from == "ethics@nan.tainan.example.gov.tw"
    assert delivery.rcpt_tos == ("social@nan.tainan.example.gov.tw",)
    assert report.recipients == ("social@nan.tainan.example.gov.tw",)
    mail = email.message_from_bytes(delivery.content, policy=policy.default)
    assert "X-Unsent" not in mail and "（社會課）" in mail["Subject"]
    [attachment] = list(mail.iter_attachments())
    assert attachment.get_filename() == "修正意見表_社會課.docx"
    assert attachment.get_content() == rendered["修正意見表_社會課.docx"]
