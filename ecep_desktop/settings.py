"""The desktop's own settings (QSettings): language, how this PC reaches its school server
(and the certificate fingerprints it trusts), and a namespaced place for features
(``feature_value("kiosk", "camera")``)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from ecep_desktop.api import tls

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
DEFAULT_PORT = 8470
MODE_EMBEDDED = "embedded"  # this PC is the school server
MODE_REMOTE = "remote"      # connect to a school server elsewhere
DISCOVERY_INTERFACES_ENV = "ECEP_DISCOVERY_INTERFACES"


class DesktopSettings:
    """Thin typed wrapper. ``path`` gives an INI file (tests, portable installs); without
    it, the platform's usual place for organisation "eCEP", application "ecep-desktop"."""

    def __init__(self, path: Path | str | None = None) -> None:
        if path is not None:
            self._store = QSettings(str(path), QSettings.Format.IniFormat)
        else:
            self._store = QSettings("eCEP", "ecep-desktop")
        self._trust_remembered_pins()

    # -- generic -----------------------------------------------------------------------

    def value(self, key: str, default: Any = None) -> Any:
        return self._store.value(key, default)

    def set_value(self, key: str, value: Any) -> None:
        if value is None:
            self._store.remove(key)
        else:
            self._store.setValue(key, value)
        self._store.sync()

    def feature_value(self, feature: str, key: str, default: Any = None) -> Any:
        """A feature's own setting, kept under ``<feature>/<key>``."""
        return self.value(f"{feature}/{key}", default)

    def set_feature_value(self, feature: str, key: str, value: Any) -> None:
        self.set_value(f"{feature}/{key}", value)

    # -- core settings -----------------------------------------------------------------

    @property
    def language(self) -> str:
        value = str(self.value("ui/language", DEFAULT_LANGUAGE))
        return value if value in LANGUAGES else DEFAULT_LANGUAGE

    @language.setter
    def language(self, value: str) -> None:
        if value not in LANGUAGES:
            raise ValueError(f"unknown language {value!r}")
        self.set_value("ui/language", value)

    @property
    def mode(self) -> str | None:
        """MODE_EMBEDDED, MODE_REMOTE, or None before the first choice."""
        value = self.value("launch/mode")
        return value if value in (MODE_EMBEDDED, MODE_REMOTE) else None

    @mode.setter
    def mode(self, value: str | None) -> None:
        self.set_value("launch/mode", value)

    @property
    def last_server_url(self) -> str | None:
        return self.value("launch/server_url") or None

    @last_server_url.setter
    def last_server_url(self, value: str | None) -> None:
        self.set_value("launch/server_url", value)

    @property
    def embedded_port(self) -> int:
        try:
            return int(self.value("server/port", DEFAULT_PORT))
        except (TypeError, ValueError):
            return DEFAULT_PORT

    @embedded_port.setter
    def embedded_port(self, value: int) -> None:
        self.set_value("server/port", int(value))

    @property
    def embedded_data_dir(self) -> str | None:
        """The embedded server's data directory; None: the server's default."""
        return self.value("server/data_dir") or None

    @embedded_data_dir.setter
    def embedded_data_dir(self, value: str | None) -> None:
        self.set_value("server/data_dir", value)

    @property
    def last_username(self) -> str:
        return str(self.value("login/username", ""))

    @last_username.setter
    def last_username(self, value: str) -> None:
        self.set_value("login/username", value)

    @property
    def last_server_id(self) -> str | None:
        """The id (``/api/v1/info`` ``server_id``) of the remembered remote server."""
        return self.value("launch/server_id") or None

    @last_server_id.setter
    def last_server_id(self, value: str | None) -> None:
        self.set_value("launch/server_id", value)

    @property
    def discovery_interfaces(self) -> list[str] | None:
        """Where the connect list looks for servers: None = every interface; the variable
        ECEP_DISCOVERY_INTERFACES (comma-separated addresses, e.g. 127.0.0.1) wins over
        the setting ``discovery/interfaces``."""
        text = os.environ.get(DISCOVERY_INTERFACES_ENV) or self.value("discovery/interfaces")
        if not text:
            return None
        if isinstance(text, list):  # QSettings reads "a, b" back as a list
            text = ",".join(text)
        values = [part.strip() for part in str(text).split(",") if part.strip()]
        return values or None

    # -- pinned certificates (trust on first use, api/tls.py) ------------------------

    def pinned_fingerprint(self, server_id: str) -> str | None:
        return self.value(f"pins/{_key(server_id)}/fingerprint") or None

    def pin_fingerprint(self, server_id: str, fingerprint: str, url: str) -> None:
        """Remember that ``server_id`` (at ``url``) presents this certificate; every
        ApiClient of the process trusts it from now on."""
        value = tls.normalize_fingerprint(fingerprint)
        self.set_value(f"pins/{_key(server_id)}/fingerprint", value)
        self.set_value(f"pins/{_key(server_id)}/url", url)
        tls.trust(url, value)

    def forget_pin(self, server_id: str) -> None:
        """The administrator re-paired this PC (the server was reinstalled)."""
        url = self.value(f"pins/{_key(server_id)}/url")
        self._store.remove(f"pins/{_key(server_id)}")
        self._store.sync()
        if url:
            tls.TRUSTED_PINS.pop(tls.url_key(str(url)), None)

    def _trust_remembered_pins(self) -> None:
        self._store.beginGroup("pins")
        try:
            for group in self._store.childGroups():
                fingerprint = self._store.value(f"{group}/fingerprint")
                url = self._store.value(f"{group}/url")
                if fingerprint and url:
                    try:
                        tls.trust(str(url), str(fingerprint))
                    except ValueError:
                        continue
        finally:
            self._store.endGroup()


def _key(server_id: str) -> str:
    """A QSettings group name from a server id (no slash may split it)."""
    return "".join(c for c in str(server_id) if c.isalnum() or c in "-_") or "_"
