"""The server announces itself on the LAN (``_ecep._tcp.local.``) while ``serve`` runs.

Runs on the server's event loop (AsyncZeroconf). Every few seconds it looks at the
machine's addresses and at the facts (school name, id): a new address (DHCP lease, Wi-Fi
change) re-opens zeroconf on the new addresses and announces again; new facts (the school
just set up, renamed) update the records. A name already taken on the LAN gets a suffix
(zeroconf's ``allow_name_change``). On shutdown the service is unregistered (goodbye
packets), so browsers drop it at once."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import socket
from collections.abc import Callable

import ifaddr
from zeroconf import IPVersion
from zeroconf.asyncio import AsyncServiceInfo, AsyncZeroconf

from lan_server.discovery.records import (
    SERVICE_TYPE,
    ServiceFacts,
    host_name,
    instance_name,
    txt_records,
)

log = logging.getLogger(__name__)
POLL_SECONDS = 3.0
ANY_ADDRESSES = ("", "0.0.0.0")  # noqa: S104 - compared with, not bound


def parse_interfaces(setting: str) -> list[str] | None:
    """``"all"`` -> None; else the comma-separated IPv4 addresses."""
    if setting.strip().lower() in ("", "all"):
        return None
    addresses = [part.strip() for part in setting.split(",") if part.strip()]
    for address in addresses:
        ipaddress.IPv4Address(address)  # ValueError on a typo, at start rather than silently
    return addresses


def machine_ipv4_addresses() -> list[str]:
    """Every IPv4 address of this machine (or network namespace), loopback included."""
    found: list[str] = []
    for adapter in ifaddr.get_adapters():
        for ip in adapter.ips:
            if ip.is_IPv4 and isinstance(ip.ip, str) and ip.ip not in found:
                found.append(ip.ip)
    return sorted(found)


def advertised_interfaces(setting: list[str] | None, listen_host: str) -> list[str]:
    """Where to multicast: the listen address when the server listens on one address (a
    server on 127.0.0.1 is not announced to the LAN), else the setting's addresses that
    exist now, else (setting "all") every address of the machine."""
    present = machine_ipv4_addresses()
    if listen_host not in ANY_ADDRESSES:
        wanted = [listen_host]
    elif setting is not None:
        wanted = setting
    else:
        return present
    return [address for address in wanted if address in present]


def announced_addresses(interfaces: list[str]) -> list[str]:
    """The A records: the LAN addresses, loopback only when there is nothing else (a tablet
    told "127.0.0.1" would talk to itself)."""
    lan = [a for a in interfaces if not ipaddress.IPv4Address(a).is_loopback]
    return lan or interfaces


class Advertiser:
    def __init__(
        self,
        facts: Callable[[], ServiceFacts],
        *,
        interfaces: list[str] | None = None,
        listen_host: str = "0.0.0.0",  # noqa: S104
        poll_seconds: float = POLL_SECONDS,
        wait_listening: bool = True,
    ) -> None:
        self._facts_source = facts
        self._setting = interfaces
        self._listen_host = listen_host
        self._poll_seconds = poll_seconds
        self._zc: AsyncZeroconf | None = None
        self._info: AsyncServiceInfo | None = None
        self._interfaces: list[str] = []
        self._facts: ServiceFacts | None = None
        self._task: asyncio.Task[None] | None = None
        self._wait_listening = wait_listening
        self.announced = asyncio.Event()  # set once the first announcement is made

    @property
    def name(self) -> str | None:
        """The registered instance name (after any conflict renaming)."""
        return self._info.name if self._info else None

    async def start(self) -> None:
        """Returns at once: the service is announced in the background once the server
        accepts connections (announced before, a browser would find a server that refuses
        its /info), then kept up to date until ``aclose``."""
        self._task = asyncio.create_task(self._run(), name="discovery-advertiser")

    async def _run(self) -> None:
        try:
            self._facts = await asyncio.to_thread(self._facts_source)
        except Exception:  # the server serves without discovery rather than not at all
            log.exception("discovery: could not read what to announce")
            return
        if self._wait_listening:
            await self._until_listening(self._facts.port)
        try:
            await self._open(advertised_interfaces(self._setting, self._listen_host))
        except OSError:  # no multicast here: the server still serves (manual entry, QR)
            log.exception("discovery: could not announce the server")
        self.announced.set()
        await self._watch()

    async def _until_listening(self, port: int) -> None:
        host = "127.0.0.1" if self._listen_host in ANY_ADDRESSES else self._listen_host
        while True:
            try:
                _reader, writer = await asyncio.open_connection(host, port)
            except OSError:
                await asyncio.sleep(0.05)
                continue
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()
            return

    async def aclose(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self._close(goodbye=True)

    # -- internals ---------------------------------------------------------------------------

    def _service_info(self, facts: ServiceFacts, interfaces: list[str]) -> AsyncServiceInfo:
        name = self._info.name if self._info else f"{instance_name(facts)}.{SERVICE_TYPE}"
        return AsyncServiceInfo(
            SERVICE_TYPE,
            name,
            port=facts.port,
            properties=txt_records(facts),
            server=host_name(facts),
            addresses=[socket.inet_aton(a) for a in announced_addresses(interfaces)],
        )

    async def _open(self, interfaces: list[str]) -> None:
        self._interfaces = interfaces
        if not interfaces:
            log.warning("discovery: no address to announce on yet")
            return
        assert self._facts is not None
        self._zc = AsyncZeroconf(interfaces=interfaces, ip_version=IPVersion.V4Only)
        self._info = self._service_info(self._facts, interfaces)
        await self._zc.async_register_service(self._info, allow_name_change=True)
        log.info("discovery: announced %r on %s", self._info.name, ", ".join(interfaces))

    async def _close(self, *, goodbye: bool) -> None:
        zc, info = self._zc, self._info
        self._zc = None
        if zc is None:
            return
        if not goodbye and info is not None:
            # Moving to new addresses: no goodbye, so that browsers see the same service
            # change address rather than leave and come back.
            zc.zeroconf.registry.async_remove(info)
        with contextlib.suppress(Exception):
            await zc.async_close()

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(self._poll_seconds)
            try:
                await self._refresh()
            except Exception:  # the server must outlive a bad network moment
                log.exception("discovery: refresh failed")

    async def _refresh(self) -> None:
        interfaces = await asyncio.to_thread(
            advertised_interfaces, self._setting, self._listen_host
        )
        facts = await asyncio.to_thread(self._facts_source)
        if interfaces != self._interfaces:
            log.info("discovery: addresses now %s", ", ".join(interfaces) or "none")
            self._facts = facts
            await self._close(goodbye=False)
            await self._open(interfaces)
        elif facts != self._facts and self._zc is not None:
            renamed = self._facts is None or instance_name(facts) != instance_name(self._facts)
            self._facts = facts
            if renamed:  # e.g. the school just set up: "eCEP (a1b2)" becomes its name
                await self._close(goodbye=True)
                self._info = None
                await self._open(interfaces)
                return
            self._info = self._service_info(facts, interfaces)
            await self._zc.async_update_service(self._info)
