"""First run: create the school and its first administrator, once.

The API path (used by the desktop's first-run wizard) needs the one-time setup token that
the server writes into its data directory when it starts with no school: only someone
with access to the server machine can read it, so nobody else on the LAN can claim a fresh
server."""

from __future__ import annotations

import functools
import os
import secrets
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from lan_server import __version__, tls
from lan_server.audit import service as audit
from lan_server.auth.service import check_password_strength
from lan_server.config import Settings
from lan_server.core.context import AppContext
from lan_server.core.errors import Conflict, Forbidden
from lan_server.core.security import constant_time_equals
from lan_server.discovery.records import ServiceFacts
from lan_server.models import School, TeacherProfile, User, UserRole, UserStatus
from lan_server.school.service import ensure_cep_subjects
from lan_server.setup.schemas import AdminCreate, SchoolCreate, SchoolUpdate


def transport(settings: Settings) -> tuple[str, str | None]:
    """``("http", None)`` or ``("https", certificate fingerprint)``: what /info and the
    zeroconf TXT records say (the certificate is made at init or at the first serve)."""
    if not settings.https:
        return "http", None
    return "https", _fingerprint(str(tls.ensure_certificate(settings.data_dir).cert))


@functools.lru_cache(maxsize=8)
def _fingerprint(cert_path: str) -> str:
    return tls.fingerprint_of_pem(Path(cert_path).read_bytes())


def service_facts(ctx: AppContext) -> ServiceFacts:
    """What the zeroconf advertiser announces: the same facts as GET /api/v1/info."""
    with ctx.db.read_session() as session:
        school = get_school(session)
        school_id, school_name = (str(school.id), school.name) if school else (None, None)
    proto, fingerprint = transport(ctx.settings)
    return ServiceFacts(
        server_id=ctx.server_id, school_id=school_id, school_name=school_name,
        version=__version__, role=ctx.settings.role.value, proto=proto,
        fingerprint=fingerprint, port=ctx.settings.port,
    )


def get_school(session: Session) -> School | None:
    """The school this server serves (a school server has exactly one once initialised)."""
    return session.scalar(select(School).order_by(School.created_at).limit(1))


def is_initialized(session: Session) -> bool:
    return get_school(session) is not None


def initialize(
    session: Session, ctx: AppContext, *, school: SchoolCreate, admin: AdminCreate,
    ip: str | None = None,
) -> tuple[School, User]:
    if is_initialized(session):
        raise Conflict("already_initialized")
    check_password_strength(admin.password)
    created = School(
        name=school.name,
        town=school.town,
        timezone=school.timezone,
        default_locale=school.default_locale,
        languages=",".join(dict.fromkeys(school.languages)),
    )
    session.add(created)
    session.flush()
    now = ctx.clock.now()
    first_admin = User(
        school_id=created.id,
        username=admin.username,
        email=admin.email.lower() if admin.email else None,
        first_name=" ".join(admin.first_name.split()),
        last_name=" ".join(admin.last_name.split()),
        role=UserRole.admin,
        locale=school.default_locale,
        # The person installing the server is its first admin: active at once, even with
        # an email (they may confirm it later from their profile).
        status=UserStatus.active,
        password_hash=ctx.passwords.hash(admin.password),
        password_changed_at=now,
    )
    session.add(first_admin)
    session.flush()
    session.add(TeacherProfile(user_id=first_admin.id, title="Directeur / Directrice"))
    ensure_cep_subjects(session, created.id)
    audit.record(
        session, "school.initialized", school_id=created.id, actor=first_admin, ip=ip,
        details={"school": created.name},
    )
    return created, first_admin


def update_school(session: Session, *, actor: User, changes: SchoolUpdate) -> School:
    school = session.get(School, actor.school_id)
    assert school is not None
    for key, value in changes.model_dump(exclude_unset=True).items():
        if value is not None or key == "town":
            setattr(school, key, value)
    audit.record(session, "school.updated", school_id=school.id, actor=actor,
                 details=changes.model_dump(exclude_unset=True))
    session.flush()
    return school


# -- the one-time setup token ---------------------------------------------------------------


def ensure_setup_token(settings: Settings) -> Path:
    """Writes the token once, created owner-only (never readable by others, even briefly)."""
    path = settings.setup_token_path()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secrets.token_urlsafe(24) + "\n")
    return path


def check_setup_token(settings: Settings, token: str) -> None:
    path = settings.setup_token_path()
    expected = path.read_text(encoding="ascii").strip() if path.exists() else ""
    if not expected or not constant_time_equals(expected, token.strip()):
        raise Forbidden("invalid_setup_token")


def discard_setup_token(settings: Settings) -> None:
    settings.setup_token_path().unlink(missing_ok=True)
