"""Discovery between two processes on 127.0.0.1: a real ``ecep-server serve`` announcing on
loopback only, and the discovery client in the test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from zeroconf import IPVersion, ServiceInfo, Zeroconf

from lan_server import tls
from lan_server.discovery.browser import (
    DiscoveryError,
    FingerprintMismatch,
    ServerBrowser,
    ServerMismatch,
    confirm,
)
from lan_server.discovery.records import SERVICE_TYPE, decode_txt, txt_size
from tests.discovery.support import SCHOOL_NAME, Events, ServeProcess, init_school
from tests.support import free_port

LOOPBACK = ["127.0.0.1"]


def _serve(data_dir: Path, **env: str) -> ServeProcess:
    env.setdefault("ECEP_DISCOVERY_INTERFACES", "127.0.0.1")
    # No attendance page listener beside HTTPS here (tests/qr_page/ has it): its default
    # port, this free port + 1, is not known to be free.
    env.setdefault("ECEP_QR_PAGE_PORT", "0")
    return ServeProcess(data_dir, port=free_port(), env=env)


@pytest.fixture
def http_server(tmp_path: Path) -> Iterator[ServeProcess]:
    init_school(tmp_path)
    with _serve(tmp_path) as server:
        server.wait_announced()
        yield server


@pytest.fixture
def https_server(tmp_path: Path) -> Iterator[ServeProcess]:
    init_school(tmp_path, ECEP_HTTPS="true")
    with _serve(tmp_path, ECEP_HTTPS="true") as server:
        server.wait_announced()
        yield server


def _raw_txt(instance: str) -> tuple[dict[bytes, bytes | None], ServiceInfo]:
    zc = Zeroconf(interfaces=LOOPBACK, ip_version=IPVersion.V4Only)
    try:
        info = ServiceInfo(SERVICE_TYPE, instance)
        assert info.request(zc, 5000), f"{instance} did not resolve"
        return info.properties, info
    finally:
        zc.close()


def test_found_confirmed_and_lost_on_stop(http_server: ServeProcess) -> None:
    server_id = http_server.info()["server_id"]
    events = Events()
    with ServerBrowser(interfaces=LOOPBACK, on_found=events.found, on_lost=events.lost) as browser:
        found = events.wait("found", server_id)
        assert found.school_name == SCHOOL_NAME
        assert found.instance.startswith(SCHOOL_NAME + " (")
        assert found.instance.endswith(f"({server_id.replace('-', '')[-4:]})._ecep._tcp.local.")
        assert (found.proto, found.fingerprint, found.api) == ("http", None, "/api/v1")
        assert (found.host, found.port) == ("127.0.0.1", http_server.port)
        assert found.base_url == f"http://127.0.0.1:{http_server.port}"
        assert found in browser.servers()

        http_server.stop()  # SIGINT: the lifespan unregisters the service (goodbye)
        assert events.wait("lost", server_id) == server_id
        assert all(s.server_id != server_id for s in browser.servers())


def test_txt_records_are_small_and_match_info(http_server: ServeProcess) -> None:
    info = http_server.info()
    events = Events()
    with ServerBrowser(interfaces=LOOPBACK, on_found=events.found):
        instance = events.wait("found", info["server_id"]).instance
    properties, service = _raw_txt(instance)
    txt = decode_txt(properties)
    assert txt == {
        "txtvers": "1", "id": info["server_id"], "sid": info["school_id"],
        "v": info["version"], "api": "/api/v1", "role": info["role"], "proto": "http",
    }
    assert info["proto"] == "http" and info["fingerprint"] is None
    assert txt_size(txt) < 200
    assert service.port == http_server.port
    assert service.parsed_addresses(IPVersion.V4Only) == ["127.0.0.1"]


def test_https_fingerprint_advertised_pinned_and_refused_when_wrong(
    https_server: ServeProcess, tmp_path: Path
) -> None:
    info = https_server.info("https")
    expected = tls.certificate_paths(tmp_path).fingerprint
    assert (tmp_path / "tls" / "key.pem").stat().st_mode & 0o777 == 0o600
    assert info["proto"] == "https" and info["fingerprint"] == expected

    events = Events()
    with ServerBrowser(interfaces=LOOPBACK, on_found=events.found):
        found = events.wait("found", info["server_id"])
    assert (found.proto, found.fingerprint) == ("https", expected)
    assert found.base_url == f"https://127.0.0.1:{https_server.port}"
    txt = decode_txt(_raw_txt(found.instance)[0])
    assert txt["proto"] == "https" and txt["fp"] == expected
    assert txt_size(txt) < 200

    # Pinned: the same fingerprint passes, another one is refused before anything is used.
    pinned = confirm("127.0.0.1", https_server.port, "https", info["server_id"], expected)
    assert pinned.fingerprint == expected
    wrong = "0" * 64
    with pytest.raises(FingerprintMismatch) as refused:
        confirm("127.0.0.1", https_server.port, "https", info["server_id"], wrong)
    assert refused.value.expected == wrong and refused.value.presented == expected
    assert "certificate has changed" in str(refused.value)


def test_certificate_kept_across_restarts(tmp_path: Path) -> None:
    init_school(tmp_path, ECEP_HTTPS="true")  # made at init
    first = tls.certificate_paths(tmp_path).fingerprint
    for _ in range(2):
        with _serve(tmp_path, ECEP_HTTPS="true", ECEP_DISCOVERY_ENABLED="false") as server:
            assert server.wait_ready("https")["fingerprint"] == first
    assert tls.certificate_paths(tmp_path).fingerprint == first


def test_confirm_refuses_another_server_and_non_servers(http_server: ServeProcess) -> None:
    info = http_server.info()
    assert confirm("127.0.0.1", http_server.port, "http", None, None).server_id == info["server_id"]
    with pytest.raises(ServerMismatch):
        confirm("127.0.0.1", http_server.port, "http", "not-this-one", None)
    with pytest.raises(DiscoveryError, match="no answer"):
        confirm("127.0.0.1", free_port(), "http", None, None, timeout=1)


def test_no_discovery_flag_announces_nothing(tmp_path: Path) -> None:
    init_school(tmp_path)
    with _serve(tmp_path, ECEP_DISCOVERY_ENABLED="false") as server:
        assert server.wait_ready()["server_id"]
    assert "discovery: announced" not in server.log()
