"""The reset code an administrator hands over: big, clear, easy to read aloud or copy."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class ResetCodeDialog(QDialog):
    def __init__(self, answer: dict[str, Any], user: dict[str, Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.answer = answer
        self.setObjectName("resetCodeDialog")
        self.setWindowTitle(self.tr("Reset code"))
        self.setMinimumWidth(440)
        name = f"{user.get('first_name', '')} {user.get('last_name', '')}".strip()
        intro = QLabel(self.tr("Hand this code to %1 (username %2). It works once, to choose "
                               "a new password.")
                       .replace("%1", name).replace("%2", answer.get("username", "")))
        intro.setWordWrap(True)
        self.code = QLabel(answer["code"])
        self.code.setObjectName("resetCode")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSize(36)
        font.setWeight(QFont.Weight.Bold)
        # Spaced letters read aloud well; no spaces in the text, so a copy pastes as it is.
        font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 6)
        self.code.setFont(font)
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        expires = datetime.fromisoformat(answer["expires_at"]).astimezone()
        self.expiry = QLabel(self.tr("Valid until %1").replace(
            "%1", expires.strftime("%Y-%m-%d %H:%M")))
        self.expiry.setAlignment(Qt.AlignmentFlag.AlignCenter)
        copy = QPushButton(self.tr("Copy"))
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(answer["code"]))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.code)
        layout.addWidget(self.expiry)
        layout.addWidget(buttons)
