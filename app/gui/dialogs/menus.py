"""The menu entries that open the workstation's dialogs, added to the main window in one call.

Why apart from ``main_window``: the window's panes and these dialogs are written by different hands; the window
calls ``install(self)`` once from ``_build_menus`` and everything else (actions, their texts in both languages,
what happens after a dialog changed the catalogue) lives here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox

from app.i18n import describe

from . import help as help_docs

if TYPE_CHECKING:
    from ..main_window import MainWindow


class DialogMenus(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.actions: dict[str, QAction] = {}
        self._exports: set[QObject] = set()  # open export dialogs (the status bar counts the running ones)
        file_menu = window.file_menu
        first = file_menu.actions()[0] if file_menu.actions() else None
        for key, slot, shortcut in (("new_dossier", self.new_dossier, "Ctrl+N"),
                                    ("register_import", self.register_import, None)):
            action = self._action(key, slot, shortcut)
            file_menu.insertAction(first, action)
        file_menu.insertSeparator(first)
        quit_action = window.quit_action
        for key, slot in (("export", self.export), ("replica_audit", self.replica_audit)):
            file_menu.insertAction(quit_action, self._action(key, slot))
        file_menu.insertSeparator(quit_action)

        self.tools_menu = QMenu(window)
        window.menuBar().insertMenu(window.language_menu.menuAction(), self.tools_menu)
        tools = self.tools_menu
        for key, slot in (("scanner", self.scanner_settings), ("recovery", self.recovery),
                          ("preferences", self.preferences)):
            tools.addAction(self._action(key, slot))

        help_menu = window.help_menu
        about = help_menu.actions()[0] if help_menu.actions() else None
        help_menu.insertAction(about, self._action("guide", self.guide, QKeySequence.StandardKey.HelpContents))
        help_menu.insertAction(about, self._action("tour", self.tour))
        help_menu.insertAction(about, self._action("remove_practice", self.remove_practice))
        help_menu.insertSeparator(about)
        window.installEventFilter(self)
        self._scanner_applied = False
        if hasattr(window, "devices_loaded"):  # the saved scanner is the toolbar's first choice at start
            window.devices_loaded.connect(self._first_devices)
        self.retranslate()

    def _action(self, key: str, slot, shortcut=None) -> QAction:
        action = QAction(self.window)
        action.setObjectName(f"action_{key}")
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.actions[key] = action
        return action

    def retranslate(self) -> None:
        texts = {
            "new_dossier": self.tr("Hồ sơ &mới…"),
            "register_import": self.tr("Nhập &danh mục từ Excel/CSV…"),
            "export": self.tr("&Xuất ra vật mang tin…"),
            "replica_audit": self.tr("&Kiểm tra các bản sao…"),
            "scanner": self.tr("&Máy quét và hồ sơ quét…"),
            "recovery": self.tr("Công việc &chưa xong…"),
            "preferences": self.tr("&Tùy chọn…"),
            "guide": self.tr("&Hướng dẫn vận hành"),
            "tour": self.tr("&Tập làm quen với dữ liệu thực hành…"),
            "remove_practice": self.tr("&Xóa dữ liệu thực hành"),
        }
        for key, text in texts.items():
            self.actions[key].setText(text)
        self.tools_menu.setTitle(self.tr("&Công cụ"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    @property
    def exports_running(self) -> int:
        """Exports under way in open export dialogs (shown by the window's queue counters)."""
        return sum(1 for d in self._exports if getattr(d, "progress", None) is not None and d.progress.running)

    # -- helpers --------------------------------------------------------------------------------------------
    @property
    def lang(self) -> str:
        return self.window.translations.language

    def reload(self, code: str | None = None) -> None:
        """The catalogue changed behind the window's back: re-read the register and the counters."""
        self.window.model.reload()
        self.window.update_counts()
        if code:
            self.window.select_dossier(code)

    def _fail(self, exc: BaseException) -> None:
        QMessageBox.warning(self.window, self.tr("SaoLưu"), describe(exc, self.lang))

    # -- actions --------------------------------------------------------------------------------------------
    def new_dossier(self) -> None:
        from .new_dossier import NewDossierDialog

        dialog = NewDossierDialog(self.window.session, self.lang, self.window)
        dialog.created.connect(self.reload)
        dialog.from_register.connect(self.register_import)
        dialog.open()

    def register_import(self) -> None:
        from .register_import import RegisterImportDialog

        dialog = RegisterImportDialog(self.window.session, self.lang, self.window)
        dialog.imported.connect(lambda _report: self.reload())
        dialog.open()
        dialog.choose()

    def export(self) -> None:
        try:
            from .export import ExportDialog
        except ImportError as exc:  # the export workflow is not installed in this build
            self._fail(exc)
            return
        dialog = ExportDialog(self.window.session, self.lang, self.window.current_code, self.window,
                              actor=getattr(self.window, "actor", None))
        dialog.exported.connect(self.reload)
        self._exports.add(dialog)
        dialog.finished.connect(lambda _result, d=dialog: self._exports.discard(d))
        dialog.open()

    def replica_audit(self) -> None:
        try:
            from .replica_audit import ReplicaAuditDialog
        except ImportError as exc:
            self._fail(exc)
            return
        ReplicaAuditDialog(self.window.session, self.lang, self.window).open()

    def scanner_settings(self) -> None:
        from .scanner_settings import ScannerSettingsDialog

        dialog = ScannerSettingsDialog(self.window.session, self.lang, self.window)
        dialog.finished.connect(lambda _result: self._use_chosen_scanner())
        dialog.open()

    def _first_devices(self, _devices: object) -> None:
        if not self._scanner_applied:
            self._scanner_applied = True
            self._use_chosen_scanner()

    def _use_chosen_scanner(self) -> None:
        """The scanner picked in the dialog becomes the toolbar's scanner."""
        from app.workflow import preferences

        device = preferences.scanner_device(self.window.session)
        if device and hasattr(self.window, "set_device"):
            self.window.set_device(device)

    def recovery(self) -> None:
        from . import recovery

        dialog = recovery.offer(self.window.session, self.lang, self.window)
        if dialog is None:
            QMessageBox.information(self.window, self.tr("Công việc chưa xong"),
                                    self.tr("Không có công việc nào bị gián đoạn."))
            return
        dialog.finished.connect(lambda _result: self.reload(self.window.current_code))
        dialog.open()

    def preferences(self) -> None:
        from .preferences import PreferencesDialog

        dialog = PreferencesDialog(self.window.session, self.window.translations, self.window)
        dialog.accepted.connect(lambda: self.window.set_language(dialog.chosen_language))
        dialog.open()

    def guide(self) -> None:
        path = help_docs.guide_path()
        if path is None:
            QMessageBox.information(self.window, self.tr("Hướng dẫn vận hành"),
                                    self.tr("Không tìm thấy tệp hướng dẫn %1 trong thư mục docs.")
                                    .replace("%1", help_docs.GUIDE_NAME))
            return
        help_docs.GuideDialog(path, self.window).open()

    def tour(self) -> None:
        from .tour import TourDialog

        dialog = TourDialog(self.window.session, self.lang, self.window)
        dialog.practice_ready.connect(self.reload)
        dialog.open()

    def remove_practice(self) -> None:
        from app.workflow import practice

        answer = QMessageBox.question(self.window, self.tr("Xóa dữ liệu thực hành"),
                                      self.tr("Xóa phông thực hành và mọi hồ sơ, trang của nó? Hồ sơ thật không bị "
                                              "ảnh hưởng."))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            removed = practice.remove(self.window.session)
        except Exception as exc:
            self._fail(exc)
            return
        self.reload()
        self.window.statusBar().showMessage(self.tr("Đã xóa %1 hồ sơ thực hành.").replace("%1", str(removed)), 8000)


def install(window: MainWindow) -> DialogMenus:
    """Add the dialogs' menu entries to ``window`` (called once from ``MainWindow._build_menus``)."""
    return DialogMenus(window)
