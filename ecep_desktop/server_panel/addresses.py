"""Where tablets and other PCs reach this server: its LAN addresses (the pairing payload is
ecep_desktop.api.pairing)."""

from __future__ import annotations

from PySide6.QtNetwork import QAbstractSocket, QNetworkInterface


def lan_ipv4_addresses() -> list[str]:
    """IPv4 addresses of the interfaces that are up, loopback last (only useful on this PC)."""
    found: list[str] = []
    loopback: list[str] = []
    for interface in QNetworkInterface.allInterfaces():
        flags = interface.flags()
        if not flags & QNetworkInterface.InterfaceFlag.IsUp:
            continue
        for entry in interface.addressEntries():
            address = entry.ip()
            if address.protocol() != QAbstractSocket.NetworkLayerProtocol.IPv4Protocol:
                continue
            text = address.toString()
            (loopback if address.isLoopback() else found).append(text)
    return sorted(set(found)) + sorted(set(loopback))


def server_urls(base_url: str, embedded_port: int | None, proto: str = "http") -> list[str]:
    """The URLs to give out. For the embedded server: one per LAN address of this PC; for a
    server elsewhere: its own address."""
    if embedded_port is None:
        return [base_url]
    return [f"{proto}://{address}:{embedded_port}" for address in lan_ipv4_addresses()]
