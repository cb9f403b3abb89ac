"""A real SMTP server on loopback for tests: aiosmtpd with a recording handler, and TLS files.

aiosmtpd imports ``public`` (the atpublic package), so no test package may be called that.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

LOOPBACK = "127.0.0.1"
USER = "wang"
PASSWORD = "Pa55-w0rd!secret"


@dataclass(frozen=True)
class Delivery:
    """One message the server accepted: envelope, bytes as received, and how it came."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    content: bytes
    tls: bool
    login: bytes | None


@dataclass
class Mailbox:
    """An aiosmtpd handler that records what arrives and refuses the recipients it is told to.

    ``stall`` seconds pass before the server answers the content (a server gone silent).
    """

    refuse: frozenset[str] = frozenset()
    stall: float = 0.0
    delivered: list[Delivery] = field(default_factory=list)
    offered: list[str] = field(default_factory=list)
    mechanisms: list[str] = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.offered.append(address)
        if address in self.refuse:
            return "550 5.1.1 Recipient address rejected: no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.stall:
            await asyncio.sleep(self.stall)
        login = session.auth_data.login if isinstance(session.auth_data, LoginPassword) else None
        self.delivered.append(
            Delivery(
                envelope.mail_from,
                tuple(envelope.rcpt_tos),
                envelope.original_content,
                server.transport.get_extra_info("ssl_object") is not None,
                login,
            )
        )
        return "250 2.0.0 Message accepted for delivery"

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        """Accept USER with PASSWORD only, and note the mechanism the client chose."""
        self.mechanisms.append(mechanism)
        good = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == USER.encode()
            and auth_data.password == PASSWORD.encode()
        )
        # handled=False: aiosmtpd answers (235 or 535) itself.
        return AuthResult(success=good, handled=False, auth_data=auth_data if good else None)


class OAuthOnly(Mailbox):
    """A mailbox whose server offers only XOAUTH2 (with LOGIN and PLAIN excluded)."""

    async def auth_XOAUTH2(self, server, args):
        return AuthResult(success=False, handled=False)


@dataclass(frozen=True)
class TlsFiles:
    """A self-signed certificate for 127.0.0.1 and its key, as PEM files."""

    certificate: Path
    key: Path

    def server_context(self) -> ssl.SSLContext:
        """Return a server-side TLS context presenting the certificate."""
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.certificate, self.key)
        return context


def write_tls_files(folder: Path) -> TlsFiles:
    """Write a self-signed certificate (for 127.0.0.1 and localhost) and its key into ``folder``."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "docgen test SMTP server")])
    now = datetime.now(UTC)
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=True,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    names = [x509.IPAddress(ipaddress.ip_address(LOOPBACK)), x509.DNSName("localhost")]
    public_key = key.public_key()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(public_key), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    files = TlsFiles(folder / "server.pem", folder / "server.key")
    files.certificate.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    files.key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return files


def free_port() -> int:
    """Return a loopback port nothing listens on (at least a moment ago)."""
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class Server:
    """A running server: the port it listens on and what it received."""

    port: int
    mailbox: Mailbox


__all__ = ["AuthResult", "Controller", "LoginPassword"]
