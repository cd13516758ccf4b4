"""The advertiser on its own: the records it builds, where it announces, a name conflict."""

from __future__ import annotations

import asyncio

import pytest

from lan_server.discovery.advertiser import (
    Advertiser,
    advertised_interfaces,
    announced_addresses,
    machine_ipv4_addresses,
    parse_interfaces,
)
from lan_server.discovery.records import ServiceFacts, instance_name, txt_records, txt_size
from tests.support import free_port

SERVER_ID = "01a20136-b1e6-715d-9739-dfa67951c5ac"
SCHOOL_ID = "01a20139-bc18-713f-8ebe-c15e8f20a28f"


def _facts(**changes: object) -> ServiceFacts:
    values: dict[str, object] = {
        "server_id": SERVER_ID, "school_id": SCHOOL_ID, "school_name": "École de Bonabéri",
        "version": "0.1.0", "role": "school", "proto": "https", "fingerprint": "ab" * 32,
        "port": free_port(),
    }
    values.update(changes)
    return ServiceFacts(**values)  # type: ignore[arg-type]


def test_instance_name_short_id_and_label_limit() -> None:
    assert instance_name(_facts()) == "École de Bonabéri (c5ac)"
    assert instance_name(_facts(school_name=None)) == "eCEP (c5ac)"
    long_name = instance_name(_facts(school_name="École publique bilingue " * 5))
    assert len(long_name.encode()) <= 63 and long_name.endswith(" (c5ac)")


def test_txt_records_worst_case_under_200_bytes() -> None:
    records = txt_records(_facts(version="10.20.30", role="school"))
    assert set(records) == {"txtvers", "id", "sid", "v", "api", "role", "proto", "fp"}
    assert txt_size(records) < 200
    assert "fp" not in txt_records(_facts(proto="http", fingerprint=None))


def test_interfaces_setting_and_listen_address() -> None:
    assert parse_interfaces("all") is None
    assert parse_interfaces(" 127.0.0.1 , 10.0.0.2") == ["127.0.0.1", "10.0.0.2"]
    with pytest.raises(ValueError):
        parse_interfaces("eth0")
    assert "127.0.0.1" in machine_ipv4_addresses()
    # A server listening on loopback is announced on loopback only, whatever the setting.
    assert advertised_interfaces(None, "127.0.0.1") == ["127.0.0.1"]
    assert advertised_interfaces(["127.0.0.1", "192.0.2.77"], "0.0.0.0") == ["127.0.0.1"]
    assert advertised_interfaces(None, "0.0.0.0") == machine_ipv4_addresses()
    # Loopback is never given to other machines unless it is all there is.
    assert announced_addresses(["127.0.0.1", "192.0.2.7"]) == ["192.0.2.7"]
    assert announced_addresses(["127.0.0.1"]) == ["127.0.0.1"]


def test_name_conflict_gets_another_name() -> None:
    """Two servers whose names collide (same school name, same short id): the second one
    renames itself instead of both answering for one name."""
    first_facts = _facts()
    second_facts = _facts(server_id="01a20136-0000-7000-8000-00000000c5ac")
    assert instance_name(first_facts) == instance_name(second_facts)

    async def scenario() -> tuple[str | None, str | None]:
        first = Advertiser(lambda: first_facts, listen_host="127.0.0.1", wait_listening=False)
        second = Advertiser(lambda: second_facts, listen_host="127.0.0.1",
                            wait_listening=False)
        await first.start()
        try:
            await asyncio.wait_for(first.announced.wait(), 30)
            await second.start()
            try:
                await asyncio.wait_for(second.announced.wait(), 30)
                return first.name, second.name
            finally:
                await second.aclose()
        finally:
            await first.aclose()

    first_name, second_name = asyncio.run(scenario())
    assert first_name is not None and second_name is not None
    assert first_name.startswith(instance_name(first_facts))
    assert second_name != first_name
