from __future__ import annotations

import ast
import re
import threading
import uuid
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from lan_server.core.i18n import negotiate, translate
from lan_server.core.ids import uuid7
from lan_server.core.messages import MESSAGES

SOURCE = Path(__file__).resolve().parents[2] / "lan_server"


def test_uuid7_version_variant_and_order() -> None:
    ids = [uuid7() for _ in range(5000)]
    assert all(i.version == 7 and i.variant == uuid.RFC_4122 for i in ids)
    assert ids == sorted(ids) and len(set(ids)) == len(ids)


def test_uuid7_unique_across_threads() -> None:
    made: list[uuid.UUID] = []
    lock = threading.Lock()

    def work() -> None:
        local = [uuid7() for _ in range(2000)]
        with lock:
            made.extend(local)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(made)) == 8000


def test_negotiation() -> None:
    assert negotiate(None) == "fr"
    assert negotiate("en-US,en;q=0.9") == "en"
    assert negotiate("de-DE,en;q=0.5,fr;q=0.8") == "fr"
    assert negotiate("de, es") == "fr"
    assert negotiate("en;q=0, fr;q=0") == "fr"
    assert negotiate("fr-CM") == "fr"
    assert negotiate("zz", default="en") == "en"


@given(st.text(max_size=200))
def test_negotiation_never_fails(header: str) -> None:
    assert negotiate(header) in ("fr", "en")


def test_every_message_has_french_and_english() -> None:
    for key, entry in MESSAGES.items():
        assert entry.get("fr") and entry.get("en"), key
        assert set(re.findall(r"{(\w+)}", entry["fr"])) == set(re.findall(r"{(\w+)}", entry["en"])), key


def test_every_error_code_raised_in_the_server_has_a_message() -> None:
    """A literal code passed to an AppError class anywhere in lan_server/ must be in the
    catalogue, or users would read the bare code."""
    import lan_server.app  # noqa: F401 - feature modules add their own keys on import

    error_classes = {"AppError", "BadRequest", "Unauthorized", "Forbidden", "NotFound",
                     "Conflict", "Unprocessable", "TooManyRequests"}
    missing = []
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            is_error = isinstance(node, ast.Call) and getattr(node.func, "id", None) in error_classes
            if not (is_error and node.args and isinstance(node.args[0], ast.Constant)):
                continue
            code = node.args[0].value
            if isinstance(code, str) and code not in MESSAGES:
                missing.append(f"{path.name}: {code}")
    assert not missing


def test_translate_formats_and_falls_back() -> None:
    assert translate("username_taken", "en", {"username": "ama"}) == "The username “ama” is already taken."
    assert translate("username_taken", "fr") == MESSAGES["username_taken"]["fr"]  # params missing: raw
    assert translate("no-such-key", "fr") == "no-such-key"
