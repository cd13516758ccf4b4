"""What the teacher sees after closing: present, late, excused, absent, and refused scans
(attempts at cheating, or pupils who scanned too late)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from ecep_desktop.teacher.labels import status_label
from ecep_desktop.teacher.session import Summary


class SummaryPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary: Summary | None = None
        self.title = QLabel()
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.values: dict[str, QLabel] = {}
        self._names: dict[str, QLabel] = {}
        form = QFormLayout()
        for key in ("present", "late", "excused", "absent", "unmarked", "refused"):
            value = QLabel("–")
            value.setObjectName(f"summary_{key}")
            value_font = QFont(value.font())
            value_font.setPointSizeF(value_font.pointSizeF() * 1.6)
            value_font.setBold(True)
            value.setFont(value_font)
            name = QLabel()
            name.setFont(value_font)
            self.values[key] = value
            self._names[key] = name
            form.addRow(name, value)
        counts = QWidget()
        counts.setLayout(form)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(counts, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        self.retranslate()

    def set_summary(self, summary: Summary) -> None:
        self.summary = summary
        for key, label in self.values.items():
            label.setText(str(getattr(summary, key)))
        self.retranslate()

    def retranslate(self) -> None:
        if self.summary is None:
            self.title.setText(self.tr("Attendance closed"))
        else:
            self.title.setText(self.tr("Attendance closed: %n pupil(s)", "",
                                       self.summary.enrolled))
        for key in ("present", "late", "excused", "absent"):
            self._names[key].setText(status_label(key))
        self._names["unmarked"].setText(self.tr("Not marked"))
        self._names["refused"].setText(self.tr("Refused scans"))
        # "Not marked" only matters while a closing is still being applied.
        show_unmarked = self.summary is not None and self.summary.unmarked > 0
        self._names["unmarked"].setVisible(show_unmarked)
        self.values["unmarked"].setVisible(show_unmarked)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
