"""The contract between the shell and feature folders.

A feature package (``ecep_desktop.admin``, ``ecep_desktop.teacher``, ...) exposes
``def pages() -> list[PageSpec]`` in its ``__init__``. The main window shows, in its sidebar,
the pages whose ``roles`` contain the logged-in user's role, sorted by ``order`` then key,
and builds each page's widget once, on first display, with ``factory(services)``.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from ecep_desktop.api import ApiClient
from ecep_desktop.settings import DesktopSettings

if TYPE_CHECKING:
    from ecep_desktop.server.supervisor import ServerSupervisor

log = logging.getLogger(__name__)

FEATURE_MODULES = (
    "ecep_desktop.admin",
    "ecep_desktop.teacher",
    "ecep_desktop.kiosk",
    "ecep_desktop.server_panel",
)
ROLES = frozenset({"admin", "teacher", "student", "parent"})


@dataclass(frozen=True)
class PageSpec:
    key: str                                   # "admin.users": feature, dot, page
    title: Callable[[], str]                   # translated title, called at display time
    roles: frozenset[str]                      # roles that see it
    factory: Callable[[AppServices], QWidget]  # builds the page (once, when first shown)
    order: int = 100                           # sidebar position, smaller first

    def visible_to(self, role: str) -> bool:
        return role in self.roles


def _no_window(widget: QWidget) -> None:
    widget.show()


@dataclass
class AppServices:
    """What a page may use. Pages never reach for globals: everything comes from here."""

    api: ApiClient
    me: dict[str, Any]                          # the logged-in user (UserRead as a dict)
    settings: DesktopSettings
    permissions: frozenset[str] = frozenset()   # GET /api/v1/auth/me/permissions
    server_info: dict[str, Any] = field(default_factory=dict)  # GET /api/v1/info
    supervisor: ServerSupervisor | None = None  # the embedded server; None when remote
    # Shows a top-level window (projector, kiosk) and keeps it alive until it closes.
    open_window: Callable[[QWidget], None] = _no_window

    @property
    def role(self) -> str:
        return str(self.me.get("role", ""))

    @property
    def base_url(self) -> str:
        return self.api.base_url

    def has_permission(self, code: str) -> bool:
        return self.role == "admin" or code in self.permissions


def discover_pages(modules: Iterable[str] = FEATURE_MODULES) -> list[PageSpec]:
    """Every PageSpec of the feature modules present. A module not written yet is skipped;
    any other import error (a bug inside a feature) is raised, never hidden."""
    specs: list[PageSpec] = []
    for name in modules:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                log.info("feature %s not present", name)
                continue
            raise
        provider = getattr(module, "pages", None)
        if provider is None:
            continue
        specs.extend(provider())
    keys = [spec.key for spec in specs]
    duplicates = {key for key in keys if keys.count(key) > 1}
    if duplicates:
        raise ValueError(f"duplicate page keys: {sorted(duplicates)}")
    return sorted(specs, key=lambda spec: (spec.order, spec.key))


def pages_for_role(specs: Iterable[PageSpec], role: str) -> list[PageSpec]:
    return [spec for spec in specs if spec.visible_to(role)]
