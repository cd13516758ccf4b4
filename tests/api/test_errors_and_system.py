"""The error contract (problem+json, stable codes, fr/en), body limits, health and info."""

from __future__ import annotations

import socket
from urllib.parse import urlparse

import httpx

from lan_server import __version__
from tests.support import LiveServer, problem


def test_validation_error_in_french_by_default_and_english_on_request(anon: httpx.Client) -> None:
    fr = problem(anon.post("/api/v1/auth/login", json={"username": ""}), 422, "validation_error")
    assert fr["detail"] == "Certaines données envoyées ne sont pas valides."
    fields = {e["field"]: e["message"] for e in fr["errors"]}
    assert fields["body.password"] == "Champ obligatoire."
    assert fields["body.username"] == "Au moins 1 caractère(s)."
    en = problem(anon.post("/api/v1/auth/login", json={}, headers={"Accept-Language": "en"}), 422, "validation_error")
    assert en["detail"] == "Some of the data sent is not valid."
    assert {e["message"] for e in en["errors"]} == {"Field required."}


def test_malformed_json_and_wrong_types(anon: httpx.Client) -> None:
    response = anon.post("/api/v1/auth/login", content=b"{not json", headers={"Content-Type": "application/json"})
    body = problem(response, 422, "validation_error")
    assert body["errors"][0]["type"] == "json_invalid"
    problem(anon.post("/api/v1/auth/login", json=[1, 2]), 422, "validation_error")


def test_unknown_route_and_method(anon: httpx.Client) -> None:
    problem(anon.get("/api/v1/nothing-here"), 404, "not_found")
    problem(anon.delete("/api/v1/health"), 405, "method_not_allowed")


def test_body_size_limit(live_server: LiveServer, anon: httpx.Client) -> None:
    limit = live_server.ctx.settings.max_request_bytes
    big = b'{"username": "' + b"a" * (limit + 10) + b'", "password": "x"}'
    response = anon.post("/api/v1/auth/login", content=big, headers={"Content-Type": "application/json"})
    body = problem(response, 413, "payload_too_large")
    assert str(limit) in body["detail"]


def test_body_size_limit_with_chunked_body_and_a_lying_length(live_server: LiveServer) -> None:
    limit = live_server.ctx.settings.max_request_bytes

    def chunks():
        for _ in range(limit // 65536 + 2):
            yield b"a" * 65536

    with live_server.client() as client:
        chunked = client.post("/api/v1/auth/login", content=chunks(), headers={"Content-Type": "application/json"})
    problem(chunked, 413, "payload_too_large")

    # Content-Length says 10 bytes, the body is much longer: the server stops reading at
    # the limit; whatever it answers, it is not a 500 and the server stays up.
    url = urlparse(live_server.url)
    with socket.create_connection((url.hostname, url.port), timeout=10) as raw:
        raw.sendall(b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n" + b"a" * 5000)
        first_line = raw.recv(200).split(b"\r\n")[0]
    assert b" 500 " not in first_line
    with live_server.client() as client:
        assert client.get("/api/v1/health").status_code == 200


def test_health_and_info(live_server: LiveServer, anon: httpx.Client) -> None:
    assert anon.get("/api/v1/health").json() == {"status": "ok", "database": "ok"}
    info = anon.get("/api/v1/info").json()
    assert info["server_id"] == live_server.ctx.server_id
    assert info["initialized"] is True and info["school_name"] == "École publique de Bonabéri"
    assert info["version"] == __version__ and info["role"] == "school" and info["api"] == "/api/v1"
    assert info["timezone"] == "Africa/Douala"
    assert info["server_time"].endswith(("Z", "+00:00"))


def test_openapi_lists_every_route_with_a_response_model(anon: httpx.Client) -> None:
    spec = anon.get("/openapi.json").json()
    assert "/api/v1/auth/login" in spec["paths"]
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            ok = [code for code in operation["responses"] if code.startswith("2")]
            assert ok, f"{method} {path} has no success response"
            if ok[0] != "204" and "text/csv" not in str(operation["responses"][ok[0]]):
                content = operation["responses"][ok[0]].get("content", {})
                assert content.get("application/json", {}).get("schema"), f"{method} {path} has no response model"
