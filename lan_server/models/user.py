from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lan_server.models.base import Base, IdMixin, TimestampMixin


class UserRole(StrEnum):
    student = "student"
    teacher = "teacher"
    parent = "parent"
    admin = "admin"


class UserStatus(StrEnum):
    pending = "pending"  # waits for an email confirmation or an admin's activation
    active = "active"
    disabled = "disabled"


class Level(StrEnum):
    """Primary levels of the Cameroonian francophone system; the CEP is taken in CM2."""

    SIL = "SIL"
    CP = "CP"
    CE1 = "CE1"
    CE2 = "CE2"
    CM1 = "CM1"
    CM2 = "CM2"


class User(IdMixin, TimestampMixin, Base):
    __tablename__ = "users"
    __table_args__ = (
        UniqueConstraint("school_id", "username"),
        UniqueConstraint("school_id", "email"),
        Index("ix_users_school_role", "school_id", "role"),
        Index("ix_users_school_last_name", "school_id", "last_name"),
    )

    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.id"))
    username: Mapped[str] = mapped_column(String(64))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(32))
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    sex: Mapped[str | None] = mapped_column(String(1))
    role: Mapped[str] = mapped_column(String(16))
    locale: Mapped[str] = mapped_column(String(5), default="fr")
    status: Mapped[str] = mapped_column(String(16), default=UserStatus.active)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    password_changed_at: Mapped[datetime | None]
    email_verified_at: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]

    pupil_profile: Mapped[PupilProfile | None] = relationship(
        back_populates="user", lazy="raise", uselist=False
    )
    teacher_profile: Mapped[TeacherProfile | None] = relationship(lazy="raise", uselist=False)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class PupilProfile(TimestampMixin, Base):
    __tablename__ = "pupil_profiles"
    __table_args__ = (UniqueConstraint("school_id", "matricule"),)

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.id"))
    matricule: Mapped[str | None] = mapped_column(String(40))
    birth_date: Mapped[date | None]
    level: Mapped[str | None] = mapped_column(String(8))

    user: Mapped[User] = relationship(back_populates="pupil_profile", lazy="raise")


class TeacherProfile(TimestampMixin, Base):
    __tablename__ = "teacher_profiles"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    title: Mapped[str | None] = mapped_column(String(40))  # e.g. "Instituteur", "Directrice"
    qualification: Mapped[str | None] = mapped_column(String(120))


class ParentProfile(TimestampMixin, Base):
    __tablename__ = "parent_profiles"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    address: Mapped[str | None] = mapped_column(String(200))
    occupation: Mapped[str | None] = mapped_column(String(100))
    # How the school reaches this parent first: "sms", "call", "email".
    preferred_contact: Mapped[str | None] = mapped_column(String(16))


class ParentChild(IdMixin, TimestampMixin, Base):
    """A parent (or guardian) account linked to a pupil account."""

    __tablename__ = "parent_children"
    __table_args__ = (UniqueConstraint("parent_id", "child_id"),)

    parent_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    child_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    relation: Mapped[str | None] = mapped_column(String(32))  # mère, père, tuteur…
