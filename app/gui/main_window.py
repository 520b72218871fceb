"""The first workstation window: the register on the left, the selected dossier in the centre.

Everything the window shows comes from ``app.workflow`` (``catalogue_ops`` for reads, ``importing`` in a
worker for writes); the window itself only wires widgets, models and workers together. Every visible string
goes through ``tr`` (Vietnamese source, English in ``resources/i18n/saoluu_en.ts``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QLocale, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.i18n import describe
from app.i18n import tr as message_text  # the core message catalogue (not Qt: lupdate must not see it)
from app.workflow import catalogue_ops as ops
from app.workflow import importing, preferences
from app.workflow.context import Session

from .details import DossierDetails, page_count
from .dialogs import menus as dialog_menus
from .import_job import ImportJob
from .register_model import CODE_ROLE, RegisterModel
from .search_model import SearchModel
from .translations import Translations
from .workers import TaskRunner

SEARCH_DELAY_MS = 250  # search while typing, but not on every keystroke
FETCH_MARGIN = 100  # read the next batch when the view is this many rows from the end of what is loaded
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}  # each language named in itself, never translated


class MainWindow(QMainWindow):
    import_done = Signal(object)  # the ImportReport, or the exception, once the window has shown the outcome

    def __init__(self, session: Session, translations: Translations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.translations = translations
        self.runner = TaskRunner(self)
        self.import_job: ImportJob | None = None
        self.last_import: importing.ImportReport | None = None
        self.current_code: str | None = None
        self._closed = False

        self.model = RegisterModel(session, self)
        self.tree = QTreeView()
        self.tree.setObjectName("register")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)  # constant-time layout, whatever the number of rows
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # fixed widths elsewhere: no row scans
        for column, width in ((0, 180), (2, 110), (3, 70)):
            self.tree.setColumnWidth(column, width)
        self.tree.selectionModel().currentChanged.connect(self._on_current)
        self.tree.verticalScrollBar().valueChanged.connect(self._fetch_near_end)
        self.tree.expanded.connect(lambda _index: self._fetch_near_end())

        self.search_model = SearchModel(session, self)
        self.results = QListView()
        self.results.setObjectName("results")
        self.results.setModel(self.search_model)
        self.results.setUniformItemSizes(True)
        self.results.selectionModel().currentChanged.connect(self._on_current)
        self.search_field = QLineEdit()
        self.search_field.setObjectName("search")
        self.search_field.setClearButtonEnabled(True)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.run_search)
        self.search_field.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_field.returnPressed.connect(self.run_search)
        self.search_status = QLabel()

        self.stack = QStackedWidget()
        self.stack.addWidget(self.tree)
        self.stack.addWidget(self.results)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search_field)
        left_layout.addWidget(self.search_status)
        left_layout.addWidget(self.stack, 1)

        self.details = DossierDetails()
        self.details.setObjectName("details")
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([560, 540])
        self.setCentralWidget(splitter)

        self.home_label, self.station_label, self.operator_label, self.count_label = (QLabel() for _ in range(4))
        for label in (self.home_label, self.station_label, self.operator_label, self.count_label):
            label.setContentsMargins(8, 0, 8, 0)
            self.statusBar().addPermanentWidget(label)

        self._build_menus()
        self.retranslate()
        self.resize(1100, 700)

    # -- menus ------------------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.import_action = QAction(self, shortcut=QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(self.choose_and_import)
        self.quit_action = QAction(self, shortcut=QKeySequence(QKeySequence.StandardKey.Quit))
        self.quit_action.triggered.connect(self.close)
        self.file_menu.addAction(self.import_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

        self.language_menu = bar.addMenu("")
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for lang, name in LANGUAGE_NAMES.items():
            action = QAction(name, self, checkable=True)
            action.setChecked(lang == self.translations.language)
            action.triggered.connect(lambda _checked=False, lang=lang: self.set_language(lang))
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[lang] = action

        self.help_menu = bar.addMenu("")
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self.show_about)
        self.help_menu.addAction(self.about_action)

        self.focus_search = QAction(self, shortcut=QKeySequence(QKeySequence.StandardKey.Find))
        self.focus_search.triggered.connect(self.search_field.setFocus)
        self.addAction(self.focus_search)
        self.dialog_menus = dialog_menus.install(self)  # new dossier, register, export, tools, help

    def retranslate(self) -> None:
        """Set every visible text again in the current language (also run on Qt's LanguageChange)."""
        self.setWindowTitle(self.tr("SaoLưu — %1").replace("%1", self.session.station.name))
        self.file_menu.setTitle(self.tr("&Tệp"))
        self.import_action.setText(self.tr("&Nhập ảnh…"))
        self.import_action.setStatusTip(self.tr("Nhập tệp ảnh vào hồ sơ đang chọn"))
        self.quit_action.setText(self.tr("&Thoát"))
        self.language_menu.setTitle(self.tr("&Ngôn ngữ"))
        self.help_menu.setTitle(self.tr("Trợ &giúp"))
        self.about_action.setText(self.tr("&Giới thiệu"))
        self.search_field.setPlaceholderText(self.tr("Tìm hồ sơ, tài liệu (gõ có dấu hoặc không dấu)…"))
        self.home_label.setText(self.tr("Thư mục dữ liệu: %1").replace("%1", str(self.session.home)))
        self.station_label.setText(self.tr("Trạm: %1").replace("%1", self.session.station.name))
        self.operator_label.setText(self.tr("Cán bộ: %1").replace("%1", self.session.catalogue.agent.operator))
        self.model.retranslate()
        self.details.set_language(self.translations.language)
        self.update_counts()
        self._show_search_status()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and not self._closed:  # a closed window may outlive its session
            self.retranslate()
        super().changeEvent(event)

    def set_language(self, lang: str) -> None:
        """Switch the interface language now and remember it for the next start."""
        if not self.translations.set_language(lang):
            self.statusBar().showMessage(self.tr("Không tải được bản dịch; giữ tiếng Việt."), 8000)
        for code, action in self.language_actions.items():
            action.setChecked(code == self.translations.language)
        try:
            preferences.set_language(self.session, self.translations.language)
        except Exception as exc:  # a read-only home must not stop the switch itself
            self.statusBar().showMessage(describe(exc, self.translations.language), 8000)

    def update_counts(self) -> None:
        totals = ops.totals(self.session)
        locale = QLocale()
        self.count_label.setText(self.tr("Hồ sơ: %1 · Trang: %2").replace("%1", locale.toString(totals["dossiers"]))
                                 .replace("%2", locale.toString(totals["pages"])))

    def about_text(self) -> str:
        return self.tr("<b>SaoLưu</b> %1<br>Trạm số hóa lập bản sao bảo hiểm tài liệu lưu trữ.<br>"
                       "Giấy phép GPL-3.0 trở lên.").replace("%1", __version__)

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("Giới thiệu SaoLưu"), self.about_text())

    # -- register, search, details ----------------------------------------------------------------------
    def _fetch_near_end(self, _value: int = 0) -> None:
        """Fill an expanded fonds as the operator scrolls towards the end of its loaded dossiers."""
        viewport = self.tree.viewport()
        index = self.tree.indexAt(QPoint(1, viewport.height() - 1))
        if not index.isValid():  # the view is not full: the last visible row is the last row of the tree
            last = self.model.index(self.model.rowCount() - 1, 0)
            while last.isValid() and self.tree.isExpanded(last) and self.model.rowCount(last):
                last = self.model.index(self.model.rowCount(last) - 1, 0, last)
            index = last
        if not index.isValid():
            return
        parent = index.parent()
        fonds = parent if parent.isValid() else index
        if not self.tree.isExpanded(fonds) or not self.model.canFetchMore(fonds):
            return
        if not parent.isValid() or index.row() >= self.model.rowCount(fonds) - FETCH_MARGIN:
            self.model.fetchMore(fonds)

    def run_search(self) -> None:
        self._search_timer.stop()
        query = self.search_field.text().strip()
        if query:
            self.search_model.search(query)
            self.stack.setCurrentWidget(self.results)
        else:
            self.search_model.search("")
            self.stack.setCurrentWidget(self.tree)
        self._show_search_status()

    def _show_search_status(self) -> None:
        if not self.search_model.query.strip():
            self.search_status.hide()
            return
        count = self.search_model.rowCount()
        self.search_status.setText(self.tr("Số kết quả: %1").replace("%1", QLocale().toString(count))
                                   if count else self.tr("Không tìm thấy kết quả."))
        self.search_status.show()

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        code = current.data(CODE_ROLE) if current.isValid() else None
        if code:
            self.show_dossier(code)

    def show_dossier(self, code: str | None) -> None:
        self.current_code = code
        if code is None:
            self.details.show_dossier(None)
            return
        try:
            self.details.show_dossier(ops.dossier_detail(self.session, code))
        except Exception as exc:  # e.g. removed meanwhile: say so, keep the window usable
            self.details.show_dossier(None)
            self.statusBar().showMessage(describe(exc, self.translations.language), 8000)

    def refresh_dossier(self, code: str) -> dict[str, Any]:
        """Re-read one dossier after a change: its row in the register, the details, the counters."""
        detail = ops.dossier_detail(self.session, code)
        self.model.refresh_dossier(code, state=detail["state"], pages=page_count(detail))
        if self.current_code == code:
            self.details.show_dossier(detail)
        self.update_counts()
        return detail

    # -- import -----------------------------------------------------------------------------------------
    def choose_and_import(self) -> None:
        if not self.current_code:
            QMessageBox.information(self, self.tr("Nhập ảnh"), self.tr("Chọn một hồ sơ trước khi nhập ảnh."))
            return
        patterns = " ".join(f"*{s}" for s in sorted(importing.IMAGE_SUFFIXES))
        files, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Chọn ảnh để nhập vào hồ sơ %1").replace("%1", self.current_code), "",
            self.tr("Ảnh (%1)").replace("%1", patterns))
        if files:
            self.start_import(self.current_code, [Path(f) for f in files])

    def start_import(self, code: str, paths: Sequence[Path]) -> ImportJob:
        """Import ``paths`` into dossier ``code`` on a worker thread, with a progress dialog."""
        job = ImportJob(self.runner, self.session.home, self.session.catalogue.agent.operator, code, paths,
                        self.translations.language, self)
        job.finished.connect(self._on_import_finished)
        job.failed.connect(self._on_import_failed)
        self.import_job = job
        self.import_action.setEnabled(False)
        job.start()
        return job

    def _import_ended(self) -> str | None:
        code = self.import_job.code if self.import_job else None
        if self.import_job is not None:
            self.import_job.deleteLater()
        self.import_job = None
        self.import_action.setEnabled(True)
        if code:
            try:
                self.refresh_dossier(code)
            except Exception as exc:
                self.statusBar().showMessage(describe(exc, self.translations.language), 8000)
        return code

    def _on_import_finished(self, report: importing.ImportReport) -> None:
        self.last_import = report
        self._import_ended()
        lang = self.translations.language
        summary = message_text("import.summary", lang, imported=len(report.imported),
                               duplicates=len(report.duplicates), failed=len(report.failed))
        if report.cancelled:
            summary = self.tr("Đã dừng theo yêu cầu.") + " " + summary
        self.statusBar().showMessage(summary, 15000)
        problems = [message_text(item.key, lang, **item.params) for item in (*report.duplicates, *report.failed)]
        if problems:
            self._tell(QMessageBox.Icon.Warning, summary, "\n".join(problems))
        self.import_done.emit(report)

    def _on_import_failed(self, exc: BaseException) -> None:
        self._import_ended()
        self._tell(QMessageBox.Icon.Critical, self.tr("Không nhập được ảnh."),
                   describe(exc, self.translations.language))
        self.import_done.emit(exc)

    def _tell(self, icon: QMessageBox.Icon, text: str, details: str) -> None:
        """A message that does not block the event loop (workers keep reporting while it is open)."""
        box = QMessageBox(icon, self.tr("SaoLưu"), text, QMessageBox.StandardButton.Ok, self)
        box.setInformativeText(details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop background work cleanly: cancel, then wait for the page being stored to be committed."""
        self.runner.cancel_all()
        self.runner.wait()
        self._closed = True
        super().closeEvent(event)
