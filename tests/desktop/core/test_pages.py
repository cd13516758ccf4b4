"""The page contract: discovery skips absent feature modules, never hides a broken one."""

from __future__ import annotations

import sys
import types

import pytest
from PySide6.QtWidgets import QLabel

from ecep_desktop.shell.pages import PageSpec, discover_pages, pages_for_role


def _feature(name: str, specs: list[PageSpec]) -> types.ModuleType:
    module = types.ModuleType(name)
    module.pages = lambda: specs
    return module


def _spec(key: str, roles: set[str], order: int = 100) -> PageSpec:
    return PageSpec(key=key, title=lambda: key, roles=frozenset(roles),
                    factory=lambda services: QLabel(key), order=order)


def test_absent_modules_are_skipped_and_pages_sorted(monkeypatch):
    monkeypatch.setitem(sys.modules, "fake_feature_a", _feature("fake_feature_a", [
        _spec("a.second", {"admin"}, order=20), _spec("a.first", {"admin", "teacher"}, order=10),
    ]))
    specs = discover_pages(("fake_feature_a", "fake_feature_absent_xyz"))
    assert [s.key for s in specs] == ["a.first", "a.second"]
    assert [s.key for s in pages_for_role(specs, "teacher")] == ["a.first"]
    assert pages_for_role(specs, "student") == []


def test_a_broken_feature_module_is_not_hidden(tmp_path, monkeypatch):
    package = tmp_path / "broken_feature_pkg"
    package.mkdir()
    (package / "__init__.py").write_text("import a_module_that_does_not_exist_42\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ModuleNotFoundError):
        discover_pages(("broken_feature_pkg",))


def test_duplicate_page_keys_are_refused(monkeypatch):
    monkeypatch.setitem(sys.modules, "fake_feature_b", _feature(
        "fake_feature_b", [_spec("b.page", {"admin"}), _spec("b.page", {"teacher"})]))
    with pytest.raises(ValueError, match="duplicate"):
        discover_pages(("fake_feature_b",))


def test_gui_thread_collector_collects_cycles_on_its_timer(qtbot):
    import gc

    from PySide6.QtCore import QObject

    from ecep_desktop.shell.gui_gc import GuiThreadGarbageCollector

    collector = GuiThreadGarbageCollector(interval_ms=10)
    try:
        assert not gc.isenabled()
        for _ in range(gc.get_threshold()[0] + 10):
            cycle: list = []
            cycle.append(cycle)
        qtbot.wait_until(lambda: collector.collections > 0, timeout=5_000)
        assert isinstance(collector, QObject)
    finally:
        collector.stop()
        collector.deleteLater()
    assert gc.isenabled()


def test_settings_dialog_switches_language_and_can_forget_the_launch_choice(qtbot, tmp_path):
    from ecep_desktop.settings import MODE_EMBEDDED
    from ecep_desktop.shell.settings_dialog import SettingsDialog
    from tests.desktop.support import make_desktop_settings

    settings = make_desktop_settings(tmp_path)
    settings.mode = MODE_EMBEDDED
    dialog = SettingsDialog(settings)
    qtbot.add_widget(dialog)
    assert dialog.language.currentData() == "fr"  # the default
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.ask_launch.setChecked(True)
    with qtbot.wait_signal(dialog.language_changed) as changed:
        dialog.accept()
    assert changed.args == ["en"]
    assert settings.language == "en" and settings.mode is None
    reopened = make_desktop_settings(tmp_path)  # written to the file, not only in memory
    assert reopened.language == "en" and reopened.mode is None
