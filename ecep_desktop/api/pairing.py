"""The pairing payload: what the server page's QR holds and what a tablet (or this app's
manual entry) reads back. Documented in docs/tablet-integration.md.

    https://192.168.1.10:8470/#id=<server id>&fp=<sha256 hex of the certificate>
    http://192.168.1.10:8470/#id=<server id>

It is the server's URL, so a phone camera that knows nothing of eCEP just opens it; the
facts that make it trustworthy ride in the fragment, which a browser never sends."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

from ecep_desktop.api.tls import normalize_fingerprint


@dataclass(frozen=True)
class Pairing:
    url: str                 # scheme://host:port, no path
    server_id: str | None = None
    fingerprint: str | None = None


def pairing_text(url: str, server_id: str | None, fingerprint: str | None = None) -> str:
    parts = urlsplit(url)
    base = f"{parts.scheme}://{parts.netloc}/"
    facts = {}
    if server_id:
        facts["id"] = server_id
    if fingerprint and parts.scheme == "https":
        facts["fp"] = normalize_fingerprint(fingerprint)
    return f"{base}#{urlencode(facts)}" if facts else base


def parse_pairing(text: str) -> Pairing | None:
    """The pairing facts of a scanned or pasted text; None if it is not a pairing URL
    (a plain address typed by hand, for instance)."""
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or not parts.fragment:
        return None
    facts = parse_qs(parts.fragment)
    server_id = (facts.get("id") or [None])[0]
    fingerprint = (facts.get("fp") or [None])[0]
    if fingerprint is not None:
        try:
            fingerprint = normalize_fingerprint(fingerprint)
        except ValueError:
            return None
    if server_id is None and fingerprint is None:
        return None
    return Pairing(f"{parts.scheme}://{parts.netloc}", server_id, fingerprint)
