"""Email outbox: messages are written in the same transaction as the change that causes
them, then delivered over SMTP when it is configured. With no SMTP (most schools), they
stay visible to admins, who hand the code over in person."""

from __future__ import annotations

import logging
import smtplib
import ssl
import uuid
from dataclasses import dataclass
from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.orm import Session

from lan_server.config import Settings
from lan_server.core.clock import Clock
from lan_server.core.db import Database
from lan_server.models import OutboxEmail

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 10
BATCH = 20


def queue_email(
    session: Session, *, school_id: uuid.UUID | None, to: str, subject: str, body: str
) -> OutboxEmail:
    message = OutboxEmail(school_id=school_id, to_address=to, subject=subject, body=body)
    session.add(message)
    return message


@dataclass(frozen=True)
class _Pending:
    id: uuid.UUID
    to_address: str
    subject: str
    body: str


def _send(settings: Settings, message: _Pending) -> None:
    email = EmailMessage()
    email["From"] = settings.smtp_sender
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email.set_content(message.body)
    if not settings.smtp_host:
        raise smtplib.SMTPException("no SMTP host configured")
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=15) as smtp:
        if settings.smtp_starttls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password or "")
        smtp.send_message(email)


def deliver_pending(db: Database, settings: Settings, clock: Clock) -> int:
    """Send what waits in the outbox; returns how many were sent. Safe to call often.

    The SMTP exchange happens outside any transaction (it can take seconds and the school
    has one writer); delivery is at-least-once: a crash between sending and recording the
    send may send a message twice, never zero times."""
    if not settings.smtp_host:
        return 0
    with db.read_session() as session:
        pending = [
            _Pending(*row)
            for row in session.execute(
                select(
                    OutboxEmail.id, OutboxEmail.to_address, OutboxEmail.subject, OutboxEmail.body
                )
                .where(OutboxEmail.sent_at.is_(None), OutboxEmail.attempts < MAX_ATTEMPTS)
                .order_by(OutboxEmail.created_at)
                .limit(BATCH)
            )
        ]
    sent = 0
    for message in pending:
        error: str | None = None
        try:
            _send(settings, message)
        except (OSError, smtplib.SMTPException) as exc:
            error = str(exc)[:500]
            log.warning("email to %s not sent: %s", message.to_address, exc)
        with db.write_session() as session:
            stored = session.get(OutboxEmail, message.id)
            if stored is None:
                continue
            stored.attempts += 1
            stored.last_error = error
            if error is None:
                stored.sent_at = clock.now()
                sent += 1
    return sent
