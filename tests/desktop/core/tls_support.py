"""A real school server over HTTPS for the pinning tests: the same app as ``running_server``,
served by uvicorn with a self-signed certificate made here (as the server makes its own at
init), on a loopback port."""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import uvicorn
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from lan_server.app import create_app
from lan_server.core import migrate
from lan_server.core.context import AppContext
from tests.support import OffsetClock, free_port, initialize_school, make_settings


@dataclass
class Certificate:
    cert_path: Path
    key_path: Path
    fingerprint: str  # sha256 of the DER certificate, hex


def self_signed(directory: Path, name: str = "ecep-test") -> Certificate:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject).issuer_name(subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.SubjectAlternativeName(
            [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .sign(key, hashes.SHA256())
    )
    directory.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = directory / f"{name}.pem", directory / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    fingerprint = hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()
    return Certificate(cert_path, key_path, fingerprint)


class _ThreadedServer(uvicorn.Server):
    def install_signal_handlers(self) -> None:
        pass


@dataclass
class HttpsServer:
    url: str
    port: int
    ctx: AppContext
    certificate: Certificate


@contextmanager
def https_server(data_dir: Path, certificate: Certificate, *, port: int | None = None
                 ) -> Iterator[HttpsServer]:
    data_dir.mkdir(parents=True, exist_ok=True)
    settings = make_settings(data_dir)
    migrate.upgrade(settings.resolved_database_url)
    ctx = AppContext.build(settings, clock=OffsetClock())
    if not (data_dir / ".initialized").exists():
        initialize_school(ctx)
        (data_dir / ".initialized").write_text("yes")
    port = port or free_port()
    config = uvicorn.Config(
        create_app(context=ctx), host="127.0.0.1", port=port, log_level="warning",
        lifespan="on", ssl_certfile=str(certificate.cert_path),
        ssl_keyfile=str(certificate.key_path),
    )
    server = _ThreadedServer(config)
    thread = threading.Thread(target=server.run, name=f"uvicorn-tls-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("test HTTPS server did not start")
        time.sleep(0.02)
    try:
        yield HttpsServer(f"https://127.0.0.1:{port}", port, ctx, certificate)
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        ctx.close()
