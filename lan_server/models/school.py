from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from lan_server.models.base import Base, IdMixin, TimestampMixin


class School(IdMixin, TimestampMixin, Base):
    __tablename__ = "schools"

    name: Mapped[str] = mapped_column(String(200))
    town: Mapped[str | None] = mapped_column(String(120))
    country: Mapped[str] = mapped_column(String(2), default="CM")
    timezone: Mapped[str] = mapped_column(String(64), default="Africa/Douala")
    default_locale: Mapped[str] = mapped_column(String(5), default="fr")
    languages: Mapped[str] = mapped_column(String(32), default="fr,en")
    currency: Mapped[str] = mapped_column(String(3), default="XAF")
