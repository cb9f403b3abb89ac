"""Fixtures: a real SMTP server on loopback, started and stopped by each test, and TLS files."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from support.smtp import LOOPBACK, Controller, Mailbox, Server, TlsFiles, free_port, write_tls_files


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory) -> TlsFiles:
    """Return a self-signed certificate for 127.0.0.1 and its key."""
    return write_tls_files(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def smtp_server() -> Iterator[Callable[..., Server]]:
    """Yield a function starting an aiosmtpd server on loopback; every one is stopped after.

    ``authenticate=True`` makes the mailbox check logins; other options go to aiosmtpd.
    """
    running = []

    def start(mailbox: Mailbox | None = None, *, authenticate: bool = False, **options) -> Server:
        mailbox = mailbox or Mailbox()
        if authenticate:
            options["authenticator"] = mailbox.authenticate
        port = free_port()
        controller = Controller(mailbox, hostname=LOOPBACK, port=port, **options)
        controller.start()
        running.append(controller)
        return Server(port, mailbox)

    yield start
    for controller in running:
        controller.stop()
