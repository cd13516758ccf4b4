#!/usr/bin/env python3
"""Refresh every feature's translation catalogue from the code, then compile it.

    .venv/bin/python scripts/update-translations.py          # all catalogues
    .venv/bin/python scripts/update-translations.py admin    # one

For each catalogue of ecep_desktop.i18n.CATALOGUES and each language other than English
(the source language): pyside6-lupdate adds the new strings to
resources/translations/<name>_<lang>.ts (keeping the existing translations, dropping
strings the code no longer has), then pyside6-lrelease compiles <name>_<lang>.qm. New
strings come out "unfinished": translate them (Qt Linguist, or by hand in the .ts) and run
this again. tests/desktop/test_translations.py fails while one is missing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from ecep_desktop.i18n import CATALOGUES  # noqa: E402
from ecep_desktop.settings import LANGUAGES  # noqa: E402

TOOLS = Path(sys.executable).parent


def sources(name: str) -> list[str]:
    return sorted(str(p.relative_to(REPO)) for pattern in CATALOGUES[name]
                  for p in REPO.glob(pattern))


def update(name: str, language: str) -> Path:
    ts = REPO / "resources" / "translations" / f"{name}_{language}.ts"
    subprocess.run([str(TOOLS / "pyside6-lupdate"), "-silent", "-no-obsolete",
                    *sources(name), "-ts", str(ts)], cwd=REPO, check=True)
    subprocess.run([str(TOOLS / "pyside6-lrelease"), "-silent", str(ts),
                    "-qm", str(ts.with_suffix(".qm"))], cwd=REPO, check=True)
    return ts


def main(names: list[str]) -> int:
    unknown = [n for n in names if n not in CATALOGUES]
    if unknown:
        print(f"unknown catalogue(s) {unknown}; known: {sorted(CATALOGUES)}", file=sys.stderr)
        return 2
    for name in names or sorted(CATALOGUES):
        for language in LANGUAGES:
            if language != "en":
                print(update(name, language).relative_to(REPO))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
