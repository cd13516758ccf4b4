"""The A4 sheet of a class's cards: ask where to save, download the PDF (the server issues
a card to every pupil who has none), save it, offer to open it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtWidgets import QWidget

from ecep_desktop.admin.common import Prompter
from ecep_desktop.api import API, ApiCall, ApiClient, ApiError


def suggested_filename(class_name: str) -> str:
    safe = re.sub(r"[^\w-]+", "-", class_name, flags=re.UNICODE).strip("-") or "class"
    return f"cards-{safe}.pdf"


class CardSheetDownload(QObject):
    """One download. ``saved(path)`` or ``failed(message)``; nothing when the user cancels."""

    saved = Signal(str)
    failed = Signal(str)

    def __init__(self, api: ApiClient, prompter: Prompter, parent_widget: QWidget,
                 school_class: dict[str, Any]) -> None:
        super().__init__(parent_widget)
        self.api = api
        self.prompter = prompter
        self.widget = parent_widget
        self.school_class = school_class
        self.path: Path | None = None
        self.call: ApiCall | None = None

    def start(self) -> bool:
        """False when the user chose no file."""
        name = self.prompter.save_file_name(
            self.widget, self.tr("Save the card sheet"),
            suggested_filename(self.school_class["name"]), self.tr("PDF files (*.pdf)"))
        if not name:
            return False
        self.path = Path(name if name.lower().endswith(".pdf") else name + ".pdf")
        self.call = self.api.get_bytes(
            f"{API}/attendance/classes/{self.school_class['id']}/card-sheet.pdf", timeout=120.0)
        self.call.succeeded.connect(self._write)
        self.call.failed.connect(lambda error: self.failed.emit(_message(error)))
        return True

    def _write(self, content: bytes) -> None:
        assert self.path is not None
        try:
            self.path.write_bytes(content)
        except OSError as exc:
            self.failed.emit(self.tr("The file cannot be written: %1").replace(
                "%1", exc.strerror or str(exc)))
            return
        self.saved.emit(str(self.path))
        question = self.tr("The card sheet is saved in %1. Open it now?").replace(
            "%1", str(self.path))
        if self.prompter.confirm(self.widget, self.tr("Card sheet"), question):
            self.prompter.open_url(QUrl.fromLocalFile(str(self.path)))


def _message(error: ApiError) -> str:
    return error.detail
