"""Trust for a school server's self-signed certificate: the sha256 fingerprint of its DER
certificate is pinned (trust on first use) and checked on every TLS handshake.

A school server has no certificate from a public authority, so the usual chain check cannot
apply. Instead the fingerprint comes from a source the user trusts (the zeroconf TXT record
``fp``, confirmed at ``/api/v1/info``; the pairing QR; or the user's own "yes" on manual
entry), is stored per server id (``DesktopSettings.pin_fingerprint``), and
:class:`PinnedContext` refuses any other certificate *during the handshake*: no byte of a
request (a password, a token) ever reaches a server whose certificate changed.

``TRUSTED_PINS`` maps ``host:port`` to the pinned fingerprint for every ApiClient of the
process (like the system's certificate store for ordinary HTTPS); DesktopSettings fills it
from the remembered pins.
"""

from __future__ import annotations

import hashlib
import socket
import ssl
from urllib.parse import urlsplit


class CertificateChanged(ssl.SSLError):
    """The server presented a certificate whose fingerprint is not the pinned one."""

    def __init__(self, expected: str, presented: str) -> None:
        super().__init__(f"certificate fingerprint {presented} is not the pinned {expected}")
        self.expected = expected
        self.presented = presented


def normalize_fingerprint(text: str) -> str:
    """"AB:CD:…" or "abcd…" -> "abcd…" (64 lowercase hex digits); ValueError otherwise."""
    value = text.strip().replace(":", "").replace(" ", "").lower()
    if len(value) != 64 or any(c not in "0123456789abcdef" for c in value):
        raise ValueError(f"not a sha256 fingerprint: {text!r}")
    return value


def der_fingerprint(der: bytes) -> str:
    return hashlib.sha256(der).hexdigest()


def display_fingerprint(fingerprint: str) -> str:
    """Groups of four for reading aloud or comparing by eye: "ab12 cd34 …"."""
    return " ".join(fingerprint[i:i + 4] for i in range(0, len(fingerprint), 4))


def url_key(url: str) -> str:
    """``https://Host:8470/x`` -> ``host:8470`` (the key of ``TRUSTED_PINS``)."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{(parts.hostname or '').lower()}:{port}"


TRUSTED_PINS: dict[str, str] = {}


def trust(url: str, fingerprint: str) -> None:
    TRUSTED_PINS[url_key(url)] = normalize_fingerprint(fingerprint)


def pin_for(url: str) -> str | None:
    return TRUSTED_PINS.get(url_key(url))


class PinnedContext(ssl.SSLContext):
    """A client TLS context that accepts exactly one certificate: the chain and host name
    checks are off (self-signed, reached by IP address), the fingerprint check replaces
    them. The check runs inside ``wrap_socket``, right after the handshake and before
    httpx writes anything."""

    pinned: str

    def __new__(cls, fingerprint: str) -> PinnedContext:
        context = super().__new__(cls, ssl.PROTOCOL_TLS_CLIENT)
        context.pinned = normalize_fingerprint(fingerprint)
        return context

    def __init__(self, fingerprint: str) -> None:
        self.check_hostname = False
        self.verify_mode = ssl.CERT_NONE
        self.minimum_version = ssl.TLSVersion.TLSv1_2

    def wrap_socket(self, sock: socket.socket, *args, **kwargs) -> ssl.SSLSocket:  # type: ignore[override]
        wrapped = super().wrap_socket(sock, *args, **kwargs)
        der = wrapped.getpeercert(binary_form=True) or b""
        presented = der_fingerprint(der)
        if presented != self.pinned:
            wrapped.close()
            raise CertificateChanged(self.pinned, presented)
        return wrapped


def certificate_changed_in(exc: BaseException) -> CertificateChanged | None:
    """The CertificateChanged behind an httpx/httpcore error, if that is what it was."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, CertificateChanged):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def fetch_fingerprint(host: str, port: int, timeout: float = 4.0) -> str:
    """The fingerprint of the certificate a server presents, unchecked: for the user to
    compare and accept on manual entry. Blocking: call it off the GUI thread. Raises
    OSError (ssl.SSLError included) when nothing speaks TLS there."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with socket.create_connection((host, port), timeout=timeout) as raw, \
            context.wrap_socket(raw) as wrapped:
        return der_fingerprint(wrapped.getpeercert(binary_form=True) or b"")
