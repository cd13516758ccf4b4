"""Qt translations: French by default, English the source language.

Every ``resources/translations/*_<lang>.qm`` (one per feature: ``core_fr.qm``,
``admin_fr.qm``, ...) is loaded, plus Qt's own ``qtbase_<lang>.qm`` for the standard
buttons. Installing translators makes Qt send ``QEvent.LanguageChange`` to every widget:
the shell retranslates itself live; a page that wants to follow at once overrides
``changeEvent`` (see docs/desktop.md), others follow at the next start.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ecep_desktop.settings import DEFAULT_LANGUAGE, LANGUAGES

# Each feature's catalogue (resources/translations/<name>_<lang>.ts) and the sources its
# strings come from, relative to the repository: scripts/update-translations.py writes the
# catalogues from them, tests/desktop/test_translations.py checks nothing is missing.
CATALOGUES: dict[str, tuple[str, ...]] = {
    "core": (
        "ecep_desktop/app.py", "ecep_desktop/api/*.py", "ecep_desktop/shell/*.py",
        "ecep_desktop/launch/*.py", "ecep_desktop/login/*.py", "ecep_desktop/server/*.py",
        "ecep_desktop/server_panel/*.py",
    ),
    "admin": ("ecep_desktop/admin/**/*.py",),
    "teacher": ("ecep_desktop/teacher/**/*.py",),
    "kiosk": ("ecep_desktop/kiosk/**/*.py", "ecep_desktop/qr/**/*.py"),
}


def translations_dir() -> Path:
    override = os.environ.get("ECEP_TRANSLATIONS_DIR")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[1] / "resources" / "translations"


_installed: list[QTranslator] = []
_current = DEFAULT_LANGUAGE


def current_language() -> str:
    return _current


def install_language(language: str) -> list[Path]:
    """Replaces the application's translators by those of ``language``; returns the .qm
    files loaded. English needs none (the source strings are English)."""
    global _current
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("create the QApplication first")
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    loaded: list[Path] = []
    QLocale.setDefault(QLocale(language))
    if language != "en":
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        candidates = [Path(qt_dir) / f"qtbase_{language}.qm"]
        candidates += sorted(translations_dir().glob(f"*_{language}.qm"))
        for path in candidates:
            translator = QTranslator(app)
            if path.exists() and translator.load(str(path)):
                app.installTranslator(translator)
                _installed.append(translator)
                loaded.append(path)
    _current = language
    return loaded
