"""Every user-facing string of the core has its French translation, and French is what a
new installation shows."""

from __future__ import annotations

import glob
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from ecep_desktop import i18n
from ecep_desktop.settings import DesktopSettings

REPO = Path(__file__).resolve().parents[3]
CORE_SOURCES = [
    "ecep_desktop/api/*.py", "ecep_desktop/shell/*.py", "ecep_desktop/launch/*.py",
    "ecep_desktop/login/*.py", "ecep_desktop/server/*.py", "ecep_desktop/server_panel/*.py",
    "ecep_desktop/app.py",
]


def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(ts).getroot()
    return {(ctx.findtext("name") or "", msg.findtext("source") or ""): msg.find("translation")
            for ctx in root.iter("context") for msg in ctx.iter("message")}


def test_every_core_string_is_translated_to_french(tmp_path):
    files = sorted(f for pattern in CORE_SOURCES for f in glob.glob(str(REPO / pattern)))
    fresh = tmp_path / "core_fr.ts"
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    subprocess.run([str(lupdate), *files, "-ts", str(fresh)], check=True, capture_output=True)
    wanted = set(_messages(fresh))
    assert len(wanted) > 50
    shipped = _messages(REPO / "resources/translations/core_fr.ts")
    missing = sorted(wanted - set(shipped))
    assert not missing, f"not in core_fr.ts (run pyside6-lupdate, translate): {missing}"
    untranslated = sorted(key for key in wanted
                          if not (shipped[key].text or "").strip()
                          or shipped[key].get("type") == "unfinished")
    assert not untranslated, untranslated
    qm = REPO / "resources/translations/core_fr.qm"
    assert qm.stat().st_mtime >= (REPO / "resources/translations/core_fr.ts").stat().st_mtime - 1


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
