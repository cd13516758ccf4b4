"""HTTPS: a self-signed certificate made once and kept in the data directory.

Clients do not check it against a certificate authority (a school LAN has none): they pin
its SHA-256 fingerprint, advertised in the zeroconf TXT record ``fp=`` and in
``GET /api/v1/info``, on first use (docs/discovery.md)."""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import os
import socket
from dataclasses import dataclass
from pathlib import Path

TLS_DIR = "tls"
CERT_FILE = "cert.pem"
KEY_FILE = "key.pem"
VALID_DAYS = 3650


@dataclass(frozen=True)
class CertificatePaths:
    cert: Path
    key: Path

    @property
    def fingerprint(self) -> str:
        return fingerprint_of_pem(self.cert.read_bytes())


def certificate_paths(data_dir: Path) -> CertificatePaths:
    folder = data_dir / TLS_DIR
    return CertificatePaths(folder / CERT_FILE, folder / KEY_FILE)


def fingerprint_of_der(der: bytes) -> str:
    """SHA-256 of the DER certificate, lower-case hex without separators."""
    return hashlib.sha256(der).hexdigest()


def fingerprint_of_pem(pem: bytes) -> str:
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    return fingerprint_of_der(x509.load_pem_x509_certificate(pem).public_bytes(Encoding.DER))


def ensure_certificate(data_dir: Path) -> CertificatePaths:
    """The data directory's certificate, made the first time (EC P-256, ten years; SAN
    localhost, this host name and 127.0.0.1). Kept across restarts: a new one would make
    every paired tablet refuse the server."""
    paths = certificate_paths(data_dir)
    if paths.cert.exists() and paths.key.exists():
        return paths
    paths.cert.parent.mkdir(parents=True, exist_ok=True)
    cert_pem, key_pem = _self_signed()
    paths.key.unlink(missing_ok=True)
    fd = os.open(paths.key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key_pem)
    paths.cert.write_bytes(cert_pem)
    return paths


def _self_signed() -> tuple[bytes, bytes]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    hostname = socket.gethostname() or "localhost"
    name = x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, f"eCEP School Server {hostname}"[:64]),
    ])
    now = dt.datetime.now(dt.UTC)
    alt_names: list[x509.GeneralName] = [x509.DNSName("localhost")]
    if hostname != "localhost":
        alt_names.append(x509.DNSName(hostname))
    alt_names.append(x509.IPAddress(ipaddress.ip_address("127.0.0.1")))
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=VALID_DAYS))
        .add_extension(x509.SubjectAlternativeName(alt_names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return cert.public_bytes(serialization.Encoding.PEM), key_pem
