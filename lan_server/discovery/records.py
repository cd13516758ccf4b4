"""The DNS-SD contract of DESIGN.md "Discovery": service type, instance name, TXT records.
Pure functions, shared by the advertiser and the browser."""

from __future__ import annotations

from dataclasses import dataclass

SERVICE_TYPE = "_ecep._tcp.local."
API_PREFIX = "/api/v1"
TXT_VERSION = "1"
MAX_LABEL_BYTES = 63  # a DNS label


@dataclass(frozen=True)
class ServiceFacts:
    """What the server advertises (and /api/v1/info repeats)."""

    server_id: str
    school_id: str | None
    school_name: str | None
    version: str
    role: str
    proto: str
    fingerprint: str | None
    port: int


def short_id(server_id: str) -> str:
    """Four hex digits of the server id that tell two servers apart: the last four (the
    first ones of a UUIDv7 are its creation time, the same for servers set up the same month)."""
    return server_id.replace("-", "")[-4:]


def instance_name(facts: ServiceFacts) -> str:
    """"École publique de Bonabéri (a1b2)", or "eCEP (a1b2)" before a school exists; the
    school name is shortened to keep the label within 63 bytes."""
    suffix = f" ({short_id(facts.server_id)})"
    name = " ".join((facts.school_name or "eCEP").replace(".", " ").split())
    budget = MAX_LABEL_BYTES - len(suffix.encode())
    while len(name.encode()) > budget:
        name = name[:-1].rstrip()
    return name + suffix


def host_name(facts: ServiceFacts) -> str:
    return f"ecep-{facts.server_id.replace('-', '')[-12:]}.local."


def txt_records(facts: ServiceFacts) -> dict[str, str]:
    records = {
        "txtvers": TXT_VERSION,
        "id": facts.server_id,
        "sid": facts.school_id or "",
        "v": facts.version,
        "api": API_PREFIX,
        "role": facts.role,
        "proto": facts.proto,
    }
    if facts.proto == "https" and facts.fingerprint:
        records["fp"] = facts.fingerprint
    return records


def txt_size(records: dict[str, str]) -> int:
    """Bytes of the ``key=value`` strings (what RFC 6763's "200 bytes or less" budget and
    DESIGN.md count; each string also takes one length byte on the wire)."""
    return sum(len(f"{key}={value}".encode()) for key, value in records.items())


def decode_txt(properties: dict[bytes, bytes | None]) -> dict[str, str]:
    return {
        key.decode("utf-8", "replace"): (value or b"").decode("utf-8", "replace")
        for key, value in properties.items()
    }
