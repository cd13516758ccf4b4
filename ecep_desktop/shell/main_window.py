"""The main window: a sidebar of the pages the user's role may see, the page area, the
unreachable banner and a status line. A session that ends shows the login dialog over it."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ecep_desktop.login.dialog import LoginDialog
from ecep_desktop.shell.banner import UnreachableBanner
from ecep_desktop.shell.pages import AppServices, PageSpec, pages_for_role

KEY_ROLE = Qt.ItemDataRole.UserRole


class MainWindow(QMainWindow):
    logout_requested = Signal()
    settings_requested = Signal()
    closed = Signal()  # the user closed the window (the app quits); not on logout

    def __init__(self, services: AppServices, specs: list[PageSpec],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setObjectName("mainWindow")
        self.specs = pages_for_role(specs, services.role)
        self._pages: dict[str, QWidget] = {}
        self._windows: set[QWidget] = set()
        self._relogin: LoginDialog | None = None
        # Closing the app stops the embedded school server: tablets lose it. Ask first.
        self.confirm_close = services.supervisor is not None
        services.open_window = self.open_window

        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setMaximumWidth(260)
        self.sidebar.setMinimumWidth(170)
        self.sidebar.setStyleSheet(
            "#sidebar { font-size: 11pt; }"
            "#sidebar::item { padding: 8px 10px; }")
        self.stack = QStackedWidget()
        self.empty = QLabel()
        self.empty.setObjectName("noPages")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack.addWidget(self.empty)
        splitter = QSplitter()
        splitter.addWidget(self.sidebar)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        self.banner = UnreachableBanner(services.api)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)
        self.status_label = QLabel()
        self.statusBar().addPermanentWidget(self.status_label)

        self._build_menu()
        for spec in self.specs:
            item = QListWidgetItem()
            item.setData(KEY_ROLE, spec.key)
            self.sidebar.addItem(item)
        self.sidebar.currentRowChanged.connect(self._show_row)
        services.api.session_expired.connect(self._on_session_expired)
        self.retranslate()
        self.resize(1100, 720)
        geometry = services.settings.value("shell/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self._page_shortcuts = []
        for number in range(1, min(len(self.specs), 9) + 1):  # Ctrl+1 ... Ctrl+9: pages
            shortcut = QShortcut(QKeySequence(f"Ctrl+{number}"), self)
            shortcut.activated.connect(partial(self.sidebar.setCurrentRow, number - 1))
            self._page_shortcuts.append(shortcut)
        if self.specs:
            # The page the user was on last time, if their role still has it.
            last = services.settings.value("shell/last_page")
            keys = self.page_keys()
            self.sidebar.setCurrentRow(keys.index(last) if last in keys else 0)

    # -- pages -------------------------------------------------------------------------

    def page_keys(self) -> list[str]:
        return [spec.key for spec in self.specs]

    def show_page(self, key: str) -> QWidget:
        row = self.page_keys().index(key)
        self.sidebar.setCurrentRow(row)
        return self._pages[key]

    def current_page_key(self) -> str | None:
        row = self.sidebar.currentRow()
        return self.specs[row].key if 0 <= row < len(self.specs) else None

    def _show_row(self, row: int) -> None:
        if not 0 <= row < len(self.specs):
            self.stack.setCurrentWidget(self.empty)
            return
        spec = self.specs[row]
        page = self._pages.get(spec.key)
        if page is None:
            page = spec.factory(self.services)
            page.setObjectName(page.objectName() or spec.key)
            self._pages[spec.key] = page
            self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        self.services.settings.set_value("shell/last_page", spec.key)

    def open_window(self, window: QWidget) -> None:
        """Shows a top-level window (projector, kiosk) and keeps it alive until closed."""
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self._windows.add(window)
        window.destroyed.connect(lambda *_: self._windows.discard(window))
        window.show()

    # -- menu, texts ---------------------------------------------------------------------

    def _build_menu(self) -> None:
        self.file_menu = self.menuBar().addMenu("")
        self.settings_action = QAction(self)
        self.settings_action.triggered.connect(self.settings_requested)
        self.logout_action = QAction(self)
        self.logout_action.triggered.connect(self.logout_requested)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut("Ctrl+Q")
        self.quit_action.triggered.connect(self.close)
        self.file_menu.addAction(self.settings_action)
        self.file_menu.addAction(self.logout_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

    def retranslate(self) -> None:
        school = self.services.server_info.get("school_name") or ""
        self.setWindowTitle(f"eCEP — {school}" if school else "eCEP")
        self.file_menu.setTitle(self.tr("&File"))
        self.settings_action.setText(self.tr("&Settings…"))
        self.logout_action.setText(self.tr("&Log out"))
        self.quit_action.setText(self.tr("&Quit"))
        self.empty.setText(self.tr("There is nothing for your account in this app yet."))
        for row, spec in enumerate(self.specs):
            self.sidebar.item(row).setText(spec.title())
        me = self.services.me
        role_names = {
            "admin": self.tr("administrator"), "teacher": self.tr("teacher"),
            "student": self.tr("pupil"), "parent": self.tr("parent"),
        }
        self.status_label.setText(self.tr("%1 (%2) — server %3")
                                  .replace("%1", f"{me.get('first_name', '')} "
                                                 f"{me.get('last_name', '')}".strip())
                                  .replace("%2", role_names.get(self.services.role, ""))
                                  .replace("%3", self.services.base_url))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _ask_before_closing(self) -> None:
        if self.findChild(QMessageBox, "confirmClose") is not None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question, self.tr("Close eCEP"),
            self.tr("This PC is the school server: closing eCEP stops it, and tablets and "
                    "other PCs can no longer reach it. Close anyway?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("confirmClose")
        box.setDefaultButton(QMessageBox.StandardButton.No)

        def answered(button: int) -> None:
            box.deleteLater()
            if button == QMessageBox.StandardButton.Yes:
                self.confirm_close = False
                self.close()

        box.finished.connect(answered)
        box.open()

    # -- session -----------------------------------------------------------------------

    def _on_session_expired(self) -> None:
        if self._relogin is not None:
            return
        dialog = LoginDialog(self.services.api, self.services.settings,
                             relogin_user=self.services.me, parent=self)
        dialog.setObjectName("reloginDialog")
        self._relogin = dialog
        dialog.finished.connect(self._on_relogin_finished)
        dialog.open()

    def _on_relogin_finished(self, result: int) -> None:
        dialog, self._relogin = self._relogin, None
        if dialog is not None:
            dialog.deleteLater()
        if result != LoginDialog.DialogCode.Accepted:
            self.logout_requested.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.confirm_close:
            event.ignore()
            self._ask_before_closing()
            return
        for window in list(self._windows):
            window.close()
        self.services.settings.set_value("shell/geometry", self.saveGeometry())
        super().closeEvent(event)
        if event.isAccepted():
            self.closed.emit()
