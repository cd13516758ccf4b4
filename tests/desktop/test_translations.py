"""Every user-facing string of the desktop has its French translation, in the catalogue of
its feature, and every compiled .qm is what its .ts compiles to (scripts/update-translations.py
keeps both up to date)."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ecep_desktop.i18n import CATALOGUES

REPO = Path(__file__).resolve().parents[2]
TRANSLATIONS = REPO / "resources" / "translations"
TOOLS = Path(sys.executable).parent
FIX = "run scripts/update-translations.py, translate what it marks unfinished, run it again"


def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(ts).getroot()
    return {
        (ctx.findtext("name") or "", msg.findtext("source") or ""): msg.find("translation")
        for ctx in root.iter("context") for msg in ctx.iter("message")
    }


def _translated(translation: ET.Element) -> bool:
    if translation.get("type") in ("unfinished", "vanished", "obsolete"):
        return False
    forms = [f.text for f in translation.findall("numerusform")] or [translation.text]
    return all((form or "").strip() for form in forms)


@pytest.mark.parametrize("name", sorted(CATALOGUES))
def test_every_string_of_the_code_is_translated_to_french(name: str, tmp_path: Path) -> None:
    files = sorted(str(p) for pattern in CATALOGUES[name] for p in REPO.glob(pattern))
    fresh = tmp_path / f"{name}_fr.ts"
    subprocess.run([str(TOOLS / "pyside6-lupdate"), "-silent", *files, "-ts", str(fresh)],
                   check=True, capture_output=True)
    wanted = _messages(fresh)
    assert wanted, f"no translatable string found for {name}"
    shipped = _messages(TRANSLATIONS / f"{name}_fr.ts")
    missing = sorted(key for key in wanted if key not in shipped)
    assert not missing, f"{name}_fr.ts lacks {missing[:10]}: {FIX}"
    untranslated = sorted(key for key in wanted if not _translated(shipped[key]))
    assert not untranslated, f"{name}_fr.ts leaves {untranslated[:10]} untranslated: {FIX}"


@pytest.mark.parametrize("name", sorted(CATALOGUES))
def test_the_compiled_catalogue_is_the_translated_one(name: str, tmp_path: Path) -> None:
    ts = TRANSLATIONS / f"{name}_fr.ts"
    compiled = tmp_path / f"{name}_fr.qm"
    subprocess.run([str(TOOLS / "pyside6-lrelease"), "-silent", str(ts), "-qm", str(compiled)],
                   check=True, capture_output=True)
    assert compiled.read_bytes() == ts.with_suffix(".qm").read_bytes(), (
        f"{name}_fr.qm is not compiled from {name}_fr.ts: {FIX}")
