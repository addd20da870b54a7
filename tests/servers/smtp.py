"""A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps every message it receives.

    with SmtpServer() as smtp:                      # plain SMTP
        ...; smtp.wait_for(1); smtp.messages[0]["Subject"]
    with SmtpServer(certificate=self_signed_certificate(tmp_path), security="starttls",
                    users={"monitor": "s3cret"}) as smtp:   # STARTTLS required, then AUTH

It runs in a thread of its own, so a test can use it from its event loop or from a child process (the daemon).
A client trusts the test certificate through `SSL_CERT_FILE=<certificate.authority>`.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import ssl
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Literal

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session


@dataclass(frozen=True)
class Certificate:
    """PEM files: a certificate authority to trust, and a server certificate for 127.0.0.1 and localhost."""

    authority: Path
    certificate: Path
    key: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.certificate, self.key)
        return context


def self_signed_certificate(directory: Path) -> Certificate:
    """A throw-away authority and a server certificate signed by it (needs the `cryptography` package)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = dt.datetime.now(dt.UTC)

    def build(subject: str, issuer: x509.Name | None, signer: ec.EllipticCurvePrivateKey | None, ca: bool):
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)])
        builder = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(issuer or name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(hours=1))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        )
        if ca:
            builder = builder.add_extension(
                x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
            )
        else:
            builder = builder.add_extension(
                x509.SubjectAlternativeName(
                    [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
                ),
                critical=False,
            ).add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            builder = builder.add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(signer.public_key()), critical=False
            )
        return key, builder.sign(signer or key, hashes.SHA256())

    ca_key, ca_cert = build("monitor test authority", None, None, ca=True)
    key, cert = build("127.0.0.1", ca_cert.subject, ca_key, ca=False)
    files = Certificate(directory / "authority.pem", directory / "server.pem", directory / "server.key")
    files.authority.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    files.certificate.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    files.key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return files


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class Received:
    sender: str
    recipients: tuple[str, ...]
    message: EmailMessage
    login: str | None
    """The user that authenticated for this message, None without AUTH."""


class SmtpServer:
    """Security `none` (plain), `starttls` (STARTTLS required) or `tls` (TLS from the first byte); with
    `users`, AUTH (PLAIN/LOGIN, over TLS only) is required and checked against them."""

    def __init__(
        self,
        *,
        security: Literal["none", "starttls", "tls"] = "none",
        certificate: Certificate | None = None,
        users: Mapping[str, str] | None = None,
        port: int | None = None,
    ) -> None:
        if security != "none" and certificate is None:
            raise ValueError(f"security {security!r} needs a certificate")
        self.host = "127.0.0.1"
        self.port = port or free_port()
        self._received: list[Received] = []
        self._arrived = threading.Condition()
        self._users = dict(users or {})
        options: dict = {}
        if security == "starttls":
            options.update(tls_context=certificate.server_context(), require_starttls=True)
        elif security == "tls":
            options.update(ssl_context=certificate.server_context(), server_hostname="127.0.0.1")
        if users is not None:
            options.update(authenticator=self._authenticate, auth_required=True)
        self._controller = Controller(self, hostname=self.host, port=self.port, **options)

    def __enter__(self) -> SmtpServer:
        self._controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._controller.stop()

    @property
    def messages(self) -> list[EmailMessage]:
        with self._arrived:
            return [r.message for r in self._received]

    @property
    def received(self) -> list[Received]:
        with self._arrived:
            return list(self._received)

    def wait_for(self, count: int, timeout: float = 10.0) -> list[EmailMessage]:
        """The messages once at least `count` have arrived; AssertionError if they do not in time."""
        with self._arrived:
            if not self._arrived.wait_for(lambda: len(self._received) >= count, timeout):
                raise AssertionError(f"expected {count} messages, got {len(self._received)} in {timeout} s")
            return [r.message for r in self._received]

    def _authenticate(
        self, server: object, session: Session, envelope: Envelope, mechanism: str, data: object
    ) -> AuthResult:
        if not isinstance(data, LoginPassword):
            return AuthResult(success=False, handled=False)
        login, password = data.login.decode(), data.password.decode()
        return AuthResult(success=self._users.get(login) == password, handled=False, auth_data=login)

    async def handle_DATA(self, server: object, session: Session, envelope: Envelope) -> str:
        message = message_from_bytes(envelope.original_content or b"", policy=policy.default)
        login = session.auth_data if isinstance(session.auth_data, str) else None
        with self._arrived:
            self._received.append(
                Received(envelope.mail_from or "", tuple(envelope.rcpt_tos), message, login)
            )
            self._arrived.notify_all()
        return "250 OK"
