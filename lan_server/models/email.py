from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lan_server.models.base import Base, IdMixin, utcnow


class OutboxEmail(IdMixin, Base):
    """An email waiting to be delivered. Delivered over SMTP when configured; otherwise it
    stays here, readable by admins, who pass the link or code on by hand."""

    __tablename__ = "outbox_emails"

    school_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("schools.id"))
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    sent_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
