"""The Inno Setup script cannot be compiled here (Inno Setup runs on Windows): these checks
keep it coherent — every file it takes exists, every message is in French and English, the
firewall script it runs takes the parameters it passes, and uninstalling keeps the data
unless asked (never in a silent uninstall)."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

INSTALLER = Path(__file__).resolve().parents[2] / "installer"
ISS = INSTALLER / "windows" / "ecep.iss"


def _sections(text: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        if re.fullmatch(r"\[\w+\]", line.strip()):
            current = line.strip()[1:-1]
            sections[current] = []
        elif current and line.strip() and not line.lstrip().startswith(";"):
            sections[current].append(line)
    return sections


def test_inno_setup_script_is_coherent():
    text = ISS.read_text(encoding="utf-8")
    sections = _sections(text)
    for name in ("Setup", "Languages", "CustomMessages", "Tasks", "Files", "Icons", "Run",
                 "UninstallRun", "Code", "InstallDelete"):
        assert name in sections, name
    setup = dict(line.split("=", 1) for line in sections["Setup"])
    uuid.UUID(setup["AppId"].strip("{}"))
    assert setup["PrivilegesRequired"] == "admin"
    assert setup["CloseApplications"] == "yes"

    # Files it packs: the bundle and the firewall script beside it.
    sources = re.findall(r'Source: "([^"]+)"', "\n".join(sections["Files"]))
    assert "{#SourceDir}\\*" in sources
    firewall = [s for s in sources if s.endswith("windows-firewall.ps1")]
    assert firewall and (ISS.parent / firewall[0].replace("\\", "/")).resolve().exists()

    # Every custom message in both languages, and every {cm:...} used is defined.
    messages: dict[str, set[str]] = {}
    for line in sections["CustomMessages"]:
        language, rest = line.split(".", 1)
        messages.setdefault(rest.split("=", 1)[0], set()).add(language)
    assert all(langs == {"fr", "en"} for langs in messages.values()), messages
    builtin = {"CreateDesktopIcon", "AdditionalIcons"}
    used = set(re.findall(r"\{cm:(\w+)\}", text)) | set(re.findall(r"CustomMessage\('(\w+)'\)", text))
    assert used - builtin <= set(messages), used - set(messages)

    # Shortcuts, start at login as an unchecked option, the firewall as a task.
    icons = "\n".join(sections["Icons"])
    assert "{autoprograms}" in icons and "{autostartup}" in icons
    tasks = "\n".join(sections["Tasks"])
    assert re.search(r'Name: "startup".*Flags: unchecked', tasks)
    assert 'Name: "firewall"' in tasks

    # The firewall script takes what the installer passes; the uninstaller removes its rules.
    ps1 = (INSTALLER / "windows-firewall.ps1").read_text(encoding="utf-8")
    run = "\n".join(sections["Run"])
    for parameter in re.findall(r" -(Port|QrPagePort|Program|Remove)\b", run + "\n".join(
            sections["UninstallRun"])):
        assert f"${parameter}" in ps1, parameter
    assert "-Remove" in "\n".join(sections["UninstallRun"])
    assert "Tasks: firewall" in run

    # Data: the same folder lan_server uses; deleted only on an explicit Yes, never silently.
    code = "\n".join(sections["Code"])
    assert '"{localappdata}\\eCEP\\ecep-school-server"' in text
    assert "if UninstallSilent then" in code and "MB_DEFBUTTON2" in code
    assert code.index("UninstallSilent") < code.index("DelTree")
    assert "DelTree" not in "\n".join(sections["InstallDelete"])


def test_data_folder_matches_the_server():
    from lan_server.config import default_data_dir

    parts = default_data_dir().parts
    assert parts[-1] == "ecep-school-server"
    # platformdirs on Windows: %LOCALAPPDATA%\<appauthor>\<appname>
    assert "eCEP\\ecep-school-server" in ISS.read_text(encoding="utf-8")
