"""French is what a new installation shows; English is the source language. (That every
string is translated: tests/desktop/test_translations.py.)"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ecep_desktop import i18n
from ecep_desktop.settings import DesktopSettings


def test_french_is_the_default_and_english_the_source(qapp, tmp_path):
    settings = DesktopSettings(tmp_path / "fresh.ini")
    assert settings.language == "fr"
    try:
        loaded = i18n.install_language(settings.language)
        assert any(path.name == "core_fr.qm" for path in loaded)
        assert QCoreApplication.translate("UnreachableBanner", "Retry") == "Réessayer"
        assert i18n.install_language("en") == []
        assert QCoreApplication.translate("UnreachableBanner", "Retry") == "Retry"
    finally:
        i18n.install_language("en")
