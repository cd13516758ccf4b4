"""What both ends agree on: versions checked by the handshake, headers, gzip bodies."""

from __future__ import annotations

import gzip
import json
import zlib
from typing import Any

from lan_server.core.errors import AppError

# The wire protocol (message shapes) and the shape of the synced rows. A peer whose
# protocol differs, or whose schema is outside the range the hub accepts, is refused.
PROTOCOL_VERSION = 1
SYNC_SCHEMA_VERSION = 1
HUB_ACCEPTS_SCHEMAS = (1, 1)  # lowest and highest school schema the hub applies

PROTOCOL_HEADER = "X-Ecep-Sync-Protocol"
SCHEMA_HEADER = "X-Ecep-Sync-Schema"

# A decompressed batch larger than this is refused (a gzip bomb must not eat the hub).
MAX_INFLATED_BYTES = 64 * 1024 * 1024
MAX_PUSH_ROWS = 5000
MAX_PULL_ROWS = 5000


class SyncIncompatible(AppError):
    status_code = 409

    def __init__(self, **params: Any) -> None:
        super().__init__("sync_incompatible", params=params)


def check_peer(headers: Any) -> None:
    """The hub's side of the handshake: refuses a school speaking another protocol or
    sending rows of a schema it cannot apply."""
    try:
        protocol = int(headers.get(PROTOCOL_HEADER, "0"))
        schema = int(headers.get(SCHEMA_HEADER, "0"))
    except ValueError:
        protocol, schema = 0, 0
    low, high = HUB_ACCEPTS_SCHEMAS
    if protocol != PROTOCOL_VERSION or not low <= schema <= high:
        raise SyncIncompatible(
            peer_protocol=protocol, peer_schema=schema, protocol=PROTOCOL_VERSION,
            low=low, high=high,
        )


def gzip_json(value: Any) -> bytes:
    return gzip.compress(
        json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8"),
        compresslevel=5,
    )


def inflate_json(body: bytes, encoding: str | None) -> Any:
    if encoding and encoding.lower() == "gzip":
        decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            body = decompressor.decompress(body, MAX_INFLATED_BYTES + 1)
        except zlib.error as exc:
            raise AppError("sync_bad_batch") from exc
        if len(body) > MAX_INFLATED_BYTES or decompressor.unconsumed_tail:
            raise AppError("payload_too_large", status_code=413,
                           params={"limit": MAX_INFLATED_BYTES})
    try:
        return json.loads(body)
    except ValueError as exc:
        raise AppError("sync_bad_batch") from exc
