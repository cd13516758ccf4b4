"""Where tablets and other PCs reach this server: its LAN addresses, and the pairing URL."""

from __future__ import annotations

from urllib.parse import urlsplit

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


def server_urls(base_url: str, embedded_port: int | None) -> list[str]:
    """The URLs to give out. For the embedded server: one per LAN address of this PC; for a
    server elsewhere: its own address."""
    if embedded_port is None:
        return [base_url]
    return [f"http://{address}:{embedded_port}" for address in lan_ipv4_addresses()]


def pairing_text(url: str, server_id: str | None) -> str:
    """What the pairing QR holds: the server's URL, with its id in the fragment so a tablet
    can confirm it at /api/v1/info before trusting the server (a phone camera just opens the
    URL; the fragment never leaves the phone)."""
    parts = urlsplit(url)
    base = f"{parts.scheme}://{parts.netloc}"
    return f"{base}/#id={server_id}" if server_id else f"{base}/"
