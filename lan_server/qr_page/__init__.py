"""The attendance QR page over plain HTTP beside an HTTPS server (docs/discovery.md)."""
