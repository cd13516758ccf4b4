"""LAN discovery over mDNS/DNS-SD (docs/discovery.md): the server's advertiser, and the one
discovery client (``browser``) that the desktop, ``ecep-server discover`` and the tests use."""
