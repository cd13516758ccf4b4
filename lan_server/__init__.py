"""eCEP School Server: the LAN API of a primary school (and, with role=hub, the central hub)."""

__version__ = "0.1.0"
