from __future__ import annotations

from typing import Any

from sqlalchemy import String, text
from sqlalchemy.orm import Mapped, mapped_column

from lan_server.models.base import Base, IdMixin, JSONType, TimestampMixin


class School(IdMixin, TimestampMixin, Base):
    __tablename__ = "schools"

    name: Mapped[str] = mapped_column(String(200))
    town: Mapped[str | None] = mapped_column(String(120))
    country: Mapped[str] = mapped_column(String(2), default="CM")
    timezone: Mapped[str] = mapped_column(String(64), default="Africa/Douala")
    default_locale: Mapped[str] = mapped_column(String(5), default="fr")
    languages: Mapped[str] = mapped_column(String(32), default="fr,en")
    currency: Mapped[str] = mapped_column(String(3), default="XAF")
    # School-wide options (attendance rules, ...), validated by their feature's schema:
    # see lan_server/attendance/settings.py.
    options: Mapped[dict[str, Any]] = mapped_column(
        JSONType, default=dict, server_default=text("'{}'")
    )
