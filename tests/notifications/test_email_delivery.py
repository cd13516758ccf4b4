"""Emails leave the outbox through a real SMTP server (aiosmtpd on loopback)."""

from __future__ import annotations

import time
from email import message_from_bytes
from email.message import Message
from pathlib import Path

from aiosmtpd.controller import Controller

from lan_server.notifications.outbox import deliver_pending
from tests.support import create_user, free_port, make_settings, running_server


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd API
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


def _wait_for(predicate, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_confirmation_email_is_delivered_by_the_background_job(tmp_path: Path) -> None:
    inbox = Inbox()
    port = free_port()
    smtp = Controller(inbox, hostname="127.0.0.1", port=port)
    smtp.start()
    try:
        settings = make_settings(
            tmp_path, smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=False,
            email_outbox_interval_seconds=0.2,
        )
        with running_server(settings) as server, server.as_admin() as admin:
            create_user(admin, role="teacher", email="mballa@ecole.cm")
            assert _wait_for(lambda: inbox.messages), "no email reached the SMTP server"
            message = inbox.messages[0]
            assert message["To"] == "mballa@ecole.cm"
            assert "Confirmez votre adresse" in message["Subject"]
            assert _wait_for(lambda: not admin.get("/api/v1/outbox", params={"pending_only": True}).json()["items"])
            sent = admin.get("/api/v1/outbox").json()["items"][0]
            assert sent["sent_at"] is not None and sent["attempts"] == 1
    finally:
        smtp.stop()


def test_unreachable_smtp_keeps_the_message_and_records_the_error(tmp_path: Path) -> None:
    closed_port = free_port()  # nothing listens there
    settings = make_settings(tmp_path, smtp_host="127.0.0.1", smtp_port=closed_port, smtp_starttls=False,
                             email_outbox_interval_seconds=3600)
    with running_server(settings) as server, server.as_admin() as admin:
        create_user(admin, role="teacher", email="ndzie@ecole.cm")
        assert deliver_pending(server.ctx.db, server.ctx.settings, server.ctx.clock) == 0
        pending = admin.get("/api/v1/outbox", params={"pending_only": True}).json()["items"]
        assert len(pending) == 1 and pending[0]["last_error"] and pending[0]["attempts"] == 1
