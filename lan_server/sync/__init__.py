"""Sync with the eCEP hub: outbox, push, pull, the hub role, the connectivity monitor
(docs/sync.md)."""
