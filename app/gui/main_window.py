"""The workstation window: the register on the left, the pages in the centre, the dossier's fields on the right.

- Left: the register as a tree (Phông › Hồ sơ, with each dossier's backup state), search (diacritics optional,
  metadata and OCR text) and filters (at risk, not yet scanned, waiting for QC, not on two media).
- Centre: the page viewer (zoom, pan, fit, 1:1, rotate the view; master and cleaned image toggled or side by
  side; QC flags and low-confidence OCR words drawn) over a thumbnail strip (lazy thumbnails; drag to reorder,
  split a document, rescan a page, insert a scan after a page).
- Right: the metadata form (every TT05 field, checked as typed), the condition assessment, the QC review
  panel (reject with a reason, keep, approve; the operator's rescan list), and the read-only overview.
- Toolbar: scanner and profile, Preview, Scan (F5 and Space), feeder batch, Stop; review mode; switch user.
- Status bar: device state, queues (cleanup / OCR / export) with counts, free disk, pages today, and the
  running task's progress bar, time left and Cancel.

Everything the window shows or changes goes through ``app.workflow``; long work runs in ``TaskRunner``
workers (``background``), so the event loop never waits on a scanner, an image or a queue. Every visible
string goes through ``tr`` (Vietnamese source, English in ``resources/i18n/saoluu_en.ts``).

Public entry points other code (dialogs, screenshots, tests) may use to put the window in a state:
``select_dossier(code)``, ``select_page(page_id)``, ``set_device(id)``, ``start_scan(...)``, ``start_queue()``,
``move_page(page_id, to_row)``, ``split_at(page_id)``, ``set_review_mode(on)``, ``reject_page(id, reason)``,
``accept_page(id)``, ``approve_dossier(accept_flagged)``, ``rescan_page(id)``, ``set_filter(kind)``,
``sign_in(name, pin)``, ``show_login()``, ``refresh_dossier(code)``, ``run_search()``, ``set_language(lang)``.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QLocale, QModelIndex, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.i18n import describe
from app.i18n import tr as message_text  # the core message catalogue (not Qt: lupdate must not see it)
from app.workflow import accounts, importing, preferences, qc, scan_profiles, texts, workbench
from app.workflow import catalogue_ops as ops
from app.workflow.context import Session

from . import background
from .condition_pane import ConditionPane
from .details import DossierDetails, page_count
from .dialogs import menus as dialog_menus
from .filter_model import FilterModel
from .import_job import ImportJob
from .login_dialog import LoginDialog
from .metadata_form import MetadataForm
from .page_model import PAGE_ROLE, PagesModel
from .page_viewer import PageViewer
from .qc_panel import QcPanel, review_order
from .register_model import CODE_ROLE, RegisterModel
from .search_model import PAGE_HIT_ROLE, SearchModel
from .thumbnails import SIZE as THUMB_SIZE
from .thumbnails import ThumbnailCache
from .translations import Translations
from .workers import Task, TaskRunner

SEARCH_DELAY_MS = 250  # search while typing, but not on every keystroke
FETCH_MARGIN = 100  # read the next batch when the view is this many rows from the end of what is loaded
STATUS_EVERY_MS = 2000  # queue counts, free disk, pages today
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}  # each language named in itself, never translated
DEMO_DEVICE = "test:0"


class MainWindow(QMainWindow):
    import_done = Signal(object)  # the ImportReport, or the exception, once the window has shown the outcome
    scan_done = Signal(object)  # the ScanOutcome, or the exception
    queue_done = Signal(object)  # the queue report, or the exception
    export_done = Signal(object)  # the ExportReport, or the exception
    pages_loaded = Signal()  # the strip shows the current dossier's pages
    devices_loaded = Signal(list)
    actor_changed = Signal(object)  # accounts.Actor or None

    def __init__(self, session: Session, translations: Translations, parent: QWidget | None = None, *,
                 ocr_in_background: bool = True, find_devices: bool = True) -> None:
        super().__init__(parent)
        self.session = session
        self.translations = translations
        self.ocr_in_background = ocr_in_background
        self.runner = TaskRunner(self, threads=4)
        self.import_job: ImportJob | None = None
        self.last_import: importing.ImportReport | None = None
        self.current_code: str | None = None
        self.actor: accounts.Actor | None = None
        self.scan_task: Task | None = None
        self.queue_task: Task | None = None
        self.export_task: Task | None = None
        self.last_export: Any = None
        self.last_scan: Any = None
        self.scan_resolution: float | None = None  # None: the profile's resolution
        self.review_mode = False
        self._queue_again = False
        self._task_started_at = 0.0
        self._insert_after: int | None = None
        self.binned: list[int] = []  # bin entries deleted from this window, newest last (for "restore")
        self.last_error = ""
        self._closed = False

        self._build_left()
        self._build_centre()
        self._build_right()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.left)
        splitter.addWidget(self.centre)
        splitter.addWidget(self.right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([380, 640, 380])
        self.setCentralWidget(splitter)
        self._build_status_bar()
        self._build_toolbar()
        self._build_menus()
        self.retranslate()
        self.resize(1400, 860)

        self._status_timer = QTimer(self, interval=STATUS_EVERY_MS)
        self._status_timer.timeout.connect(self.update_status)
        self._status_timer.start()
        self.update_status()
        self.runner.start(Task(background.warm_up))
        if find_devices:
            self.find_devices()
        if not accounts.single_user(session):  # the station has accounts: ask who is at it
            QTimer.singleShot(0, self.show_login)

    # -- building -----------------------------------------------------------------------------------------
    def _build_left(self) -> None:
        self.model = RegisterModel(self.session, self)
        self.tree = QTreeView()
        self.tree.setObjectName("register")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)  # constant-time layout, whatever the number of rows
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # fixed widths elsewhere: no row scans
        for column, width in ((0, 170), (2, 100), (3, 60), (4, 60)):
            self.tree.setColumnWidth(column, width)
        self.tree.selectionModel().currentChanged.connect(self._on_current)
        self.tree.verticalScrollBar().valueChanged.connect(self._fetch_near_end)
        self.tree.expanded.connect(lambda _index: self._fetch_near_end())

        self.search_model = SearchModel(self.session, self)
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

        self.filter_combo = QComboBox()
        self.filter_combo.setObjectName("register_filter")
        for kind in (None, *workbench.FILTERS):
            self.filter_combo.addItem("", kind)
        self.filter_combo.currentIndexChanged.connect(lambda _i: self.set_filter(self.filter_combo.currentData()))
        self.filter_model = FilterModel(self.session, self)
        self.filtered = QTreeView()
        self.filtered.setObjectName("filtered")
        self.filtered.setRootIsDecorated(False)
        self.filtered.setUniformRowHeights(True)
        self.filtered.setModel(self.filter_model)
        self.filtered.selectionModel().currentChanged.connect(self._on_current)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.tree)
        self.stack.addWidget(self.results)
        self.stack.addWidget(self.filtered)
        self.left = QWidget()
        layout = QVBoxLayout(self.left)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_field)
        layout.addWidget(self.filter_combo)
        layout.addWidget(self.search_status)
        layout.addWidget(self.stack, 1)

    def _build_centre(self) -> None:
        self.viewer = PageViewer()
        self.view_bar = QToolBar()
        self.view_bar.setObjectName("view_bar")
        self.view_actions: dict[str, QAction] = {}
        for key, slot, keys in (
                ("fit", lambda: self.viewer.fit(), "Ctrl+0"),
                ("actual", lambda: self.viewer.actual_size(), "Ctrl+1"),
                ("zoom_in", lambda: self.viewer.zoom_in(), QKeySequence.StandardKey.ZoomIn),
                ("zoom_out", lambda: self.viewer.zoom_out(), QKeySequence.StandardKey.ZoomOut),
                ("rotate_left", lambda: self.viewer.rotate_view(-90), "Ctrl+L"),
                ("rotate_right", lambda: self.viewer.rotate_view(90), "Ctrl+R"),
                ("toggle", lambda: self.viewer.toggle_master(), "M"),
                ("side", lambda: self.viewer.set_mode("side" if self.viewer.mode != "side" else "cleaned"), "B")):
            action = QAction(self, shortcut=QKeySequence(keys))
            action.triggered.connect(slot)
            self.view_bar.addAction(action)
            self.view_actions[key] = action

        self.thumbnails = ThumbnailCache(self.session.home / "cache" / "thumbs", self)
        self.pages_model = PagesModel(self.thumbnails, lambda sha: workbench.object_path(self.session, sha), self)
        self.pages_model.order_requested.connect(self.store_order)
        self.strip = QListView()
        self.strip.setObjectName("strip")
        self.strip.setModel(self.pages_model)
        self.strip.setViewMode(QListView.ViewMode.IconMode)
        self.strip.setFlow(QListView.Flow.LeftToRight)
        self.strip.setWrapping(True)
        self.strip.setResizeMode(QListView.ResizeMode.Adjust)
        self.strip.setIconSize(QSize(THUMB_SIZE, THUMB_SIZE))
        self.strip.setGridSize(QSize(THUMB_SIZE * 3 // 4 + 24, THUMB_SIZE + 36))
        self.strip.setUniformItemSizes(True)  # only visible items are asked for: lazy thumbnails
        self.strip.setLayoutMode(QListView.LayoutMode.Batched)
        self.strip.setBatchSize(200)
        self.strip.setMovement(QListView.Movement.Snap)
        self.strip.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.strip.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.strip.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.strip.selectionModel().currentChanged.connect(self._on_page_current)
        self.strip.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.page_actions: dict[str, QAction] = {}
        for key, slot, keys in (
                ("move_left", lambda: self._nudge(-1), "Ctrl+Left"),
                ("move_right", lambda: self._nudge(1), "Ctrl+Right"),
                ("split", lambda: self.split_at(self.current_page_id()), "Ctrl+D"),
                ("rescan", lambda: self.rescan_page(self.current_page_id()), "Ctrl+Shift+R"),
                ("insert", self.insert_scan_here, "Ctrl+Shift+I"),
                ("delete", lambda: self.delete_page(self.current_page_id()), QKeySequence.StandardKey.Delete),
                ("restore", self.restore_last_deleted, "Ctrl+Shift+Z"),
                ("turn_left", lambda: self.rotate_page(self.current_page_id(), 90), "Ctrl+Shift+L"),
                ("turn_right", lambda: self.rotate_page(self.current_page_id(), -90), "Ctrl+Shift+T")):
            action = QAction(self, shortcut=QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.strip.addAction(action)
            self.page_actions[key] = action

        self.centre = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.view_bar)
        top_layout.addWidget(self.viewer, 1)
        self.centre.addWidget(top)
        self.centre.addWidget(self.strip)
        self.centre.setSizes([600, 220])

    def _build_right(self) -> None:
        self.form = MetadataForm(self.session)
        self.form.setObjectName("metadata")
        self.form.saved.connect(self._on_form_saved)
        self.document_form = MetadataForm(self.session, kind="document")
        self.document_form.setObjectName("document_metadata")
        self.document_form.saved.connect(lambda code: self.refresh_dossier(code))
        self.condition = ConditionPane(self.session)
        self.condition.saved.connect(lambda code: self.refresh_dossier(code))
        self.qc_panel = QcPanel()
        self.qc_panel.reject_requested.connect(self.reject_page)
        self.qc_panel.accept_requested.connect(self.accept_page)
        self.qc_panel.approve_requested.connect(self._approve_clicked)
        self.qc_panel.rescan_requested.connect(self.rescan_page)
        self.qc_panel.page_requested.connect(self.select_page)
        self.qc_panel.next_requested.connect(self.review_step)
        self.details = DossierDetails()
        self.details.setObjectName("details")
        self.right = QTabWidget()
        self.right.setObjectName("right")
        for widget in (self.form, self.document_form, self.condition, self.qc_panel, self.details):
            self.right.addTab(widget, "")

    def _build_toolbar(self) -> None:
        self.toolbar = QToolBar()
        self.toolbar.setObjectName("scan_toolbar")
        self.addToolBar(self.toolbar)
        self.device_combo = QComboBox()
        self.device_combo.setObjectName("device")
        self.device_combo.setMinimumContentsLength(18)
        self.profile_combo = QComboBox()
        self.profile_combo.setObjectName("profile")
        self.profile_combo.setMinimumContentsLength(24)
        for row in scan_profiles.list_profiles(self.session):
            self.profile_combo.addItem(row["name"], row["name"])
        self.profile_combo.setCurrentIndex(max(0, self.profile_combo.findData(scan_profiles.DEFAULT_PROFILE)))
        self.toolbar.addWidget(self.device_combo)
        self.toolbar.addWidget(self.profile_combo)
        self.preview_action = QAction(self)
        self.preview_action.triggered.connect(self.start_preview)
        self.scan_action = QAction(self)
        self.scan_action.setShortcuts([QKeySequence("F5"), QKeySequence(Qt.Key.Key_Space)])
        self.scan_action.triggered.connect(lambda: self.start_scan(pages=1))
        self.feeder_action = QAction(self, shortcut=QKeySequence("Shift+F5"))
        self.feeder_action.triggered.connect(lambda: self.start_scan(adf=True))
        self.stop_action = QAction(self, shortcut=QKeySequence("Esc"))
        self.stop_action.triggered.connect(self.stop)
        self.review_action = QAction(self, checkable=True, shortcut=QKeySequence("F9"))
        self.review_action.toggled.connect(self.set_review_mode)
        self.switch_user_action = QAction(self)
        self.switch_user_action.triggered.connect(self.show_login)
        for action in (self.preview_action, self.scan_action, self.feeder_action, self.stop_action):
            self.toolbar.addAction(action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.review_action)
        self.toolbar.addAction(self.switch_user_action)
        self.accept_shortcut = QAction(self, shortcut=QKeySequence("Ctrl+Return"))
        self.accept_shortcut.triggered.connect(lambda: self.accept_page(self.current_page_id()))
        self.addAction(self.accept_shortcut)
        self._update_actions()

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.device_label, self.queue_label, self.disk_label, self.today_label = (QLabel() for _ in range(4))
        self.home_label, self.station_label, self.operator_label, self.count_label = (QLabel() for _ in range(4))
        for name, label in (("device_state", self.device_label), ("queues", self.queue_label),
                            ("free_disk", self.disk_label), ("pages_today", self.today_label)):
            label.setObjectName(name)
        self.task_box = QWidget()
        row = QHBoxLayout(self.task_box)
        row.setContentsMargins(0, 0, 0, 0)
        self.task_label = QLabel()
        self.task_bar = QProgressBar()
        self.task_bar.setMaximumWidth(180)
        self.task_remaining = QLabel()
        self.task_cancel = QPushButton()
        self.task_cancel.clicked.connect(self.stop)
        for widget in (self.task_label, self.task_bar, self.task_remaining, self.task_cancel):
            row.addWidget(widget)
        self.task_box.hide()
        bar.addWidget(self.task_box)
        for label in (self.device_label, self.queue_label, self.disk_label, self.today_label, self.operator_label,
                      self.count_label, self.station_label, self.home_label):
            label.setContentsMargins(6, 0, 6, 0)
            bar.addPermanentWidget(label)
        self.home_label.hide()  # in the tooltip of the station label; the bar has little room

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

        self.scan_menu = bar.addMenu("")
        for action in (self.preview_action, self.scan_action, self.feeder_action, self.stop_action):
            self.scan_menu.addAction(action)
        self.scan_menu.addSeparator()
        for action in self.page_actions.values():
            self.scan_menu.addAction(action)
        self.view_menu = bar.addMenu("")
        for action in self.view_actions.values():
            self.view_menu.addAction(action)
        self.qc_menu = bar.addMenu("")
        self.qc_menu.addAction(self.review_action)
        self.qc_menu.addAction(self.accept_shortcut)
        self.qc_menu.addAction(self.switch_user_action)

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
        lang = self.translations.language
        self.setWindowTitle(self.tr("SaoLưu — %1").replace("%1", self.session.station.name))
        self.file_menu.setTitle(self.tr("&Tệp"))
        self.import_action.setText(self.tr("&Nhập ảnh…"))
        self.import_action.setStatusTip(self.tr("Nhập tệp ảnh vào hồ sơ đang chọn"))
        self.quit_action.setText(self.tr("&Thoát"))
        self.scan_menu.setTitle(self.tr("&Quét"))
        self.view_menu.setTitle(self.tr("&Xem"))
        self.qc_menu.setTitle(self.tr("&Kiểm tra"))
        self.language_menu.setTitle(self.tr("&Ngôn ngữ"))
        self.help_menu.setTitle(self.tr("Trợ &giúp"))
        self.about_action.setText(self.tr("&Giới thiệu"))
        self.preview_action.setText(self.tr("Xem trước"))
        self.scan_action.setText(self.tr("Quét (F5, Space)"))
        self.feeder_action.setText(self.tr("Quét cả khay nạp giấy"))
        self.stop_action.setText(self.tr("Dừng"))
        self.review_action.setText(self.tr("Chế độ kiểm tra"))
        self.switch_user_action.setText(self.tr("Đổi người dùng…"))
        self.accept_shortcut.setText(self.tr("Giữ trang đang xem"))
        texts_ = {"fit": self.tr("Vừa khung"), "actual": self.tr("1:1"), "zoom_in": self.tr("Phóng to"),
                  "zoom_out": self.tr("Thu nhỏ"), "rotate_left": self.tr("Xoay trái"),
                  "rotate_right": self.tr("Xoay phải"), "toggle": self.tr("Ảnh gốc / ảnh đã xử lý"),
                  "side": self.tr("Đặt cạnh nhau")}
        for key, text in texts_.items():
            self.view_actions[key].setText(text)
        pages_ = {"move_left": self.tr("Chuyển trang sang trái"), "move_right": self.tr("Chuyển trang sang phải"),
                  "split": self.tr("Bắt đầu tài liệu mới từ trang này"), "rescan": self.tr("Quét lại trang này"),
                  "insert": self.tr("Quét chèn vào sau trang này"),
                  "delete": self.tr("Xóa trang (vào thùng rác, lấy lại được)"),
                  "restore": self.tr("Lấy lại trang vừa xóa"),
                  "turn_left": self.tr("Xoay trang sang trái (làm lại ảnh đã xử lý)"),
                  "turn_right": self.tr("Xoay trang sang phải (làm lại ảnh đã xử lý)")}
        for key, text in pages_.items():
            self.page_actions[key].setText(text)
        filters = {None: self.tr("Tất cả hồ sơ"), "at_risk": self.tr("Có nguy cơ hư hỏng"),
                   "not_scanned": self.tr("Chưa số hóa"), "waiting_qc": self.tr("Chờ kiểm tra"),
                   "not_two_media": self.tr("Chưa đủ hai bản sao")}
        for i in range(self.filter_combo.count()):
            self.filter_combo.setItemText(i, filters[self.filter_combo.itemData(i)])
        for i, text in enumerate((self.tr("Hồ sơ"), self.tr("Tài liệu"), self.tr("Tình trạng"),
                                  self.tr("Kiểm tra"), self.tr("Tổng quan"))):
            self.right.setTabText(i, text)
        self._rescan_badge(self.qc_panel.todo.count())
        self.task_cancel.setText(self.tr("Hủy"))
        self.search_field.setPlaceholderText(self.tr("Tìm hồ sơ, tài liệu, nội dung trang (có dấu hoặc không dấu)…"))
        self.home_label.setText(self.tr("Thư mục dữ liệu: %1").replace("%1", str(self.session.home)))
        self.station_label.setText(self.tr("Trạm: %1").replace("%1", self.session.station.name))
        self.station_label.setToolTip(self.home_label.text())
        self._show_operator()
        self.model.retranslate()
        self.details.set_language(lang)
        self.form.set_language(lang)
        self.document_form.set_language(lang)
        self.condition.retranslate()
        self.qc_panel.retranslate()
        self.update_counts()
        self.update_status()
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

    # -- status -------------------------------------------------------------------------------------------
    def update_counts(self) -> None:
        totals = ops.totals(self.session)
        locale = QLocale()
        self.count_label.setText(self.tr("Hồ sơ: %1 · Trang: %2").replace("%1", locale.toString(totals["dossiers"]))
                                 .replace("%2", locale.toString(totals["pages"])))

    def update_status(self) -> None:
        """Device state, queues with counts, free disk and pages today (every few seconds, and after work)."""
        if self._closed:
            return
        locale = QLocale()
        if self.scan_task is not None:
            device = self.tr("Máy quét: đang quét")
        elif self.device_combo.count():
            device = self.tr("Máy quét: sẵn sàng (%1)").replace("%1", self.device_combo.currentText())
        else:
            device = self.tr("Máy quét: đang tìm…")
        self.device_label.setText(device)
        counts = workbench.queue_counts(self.session)
        self.queue_label.setText(self.tr("Làm sạch: %1 · OCR: %2 · Xuất: %3")
                                 .replace("%1", locale.toString(counts["clean"]))
                                 .replace("%2", locale.toString(counts["ocr"]))
                                 .replace("%3", locale.toString(self._exports_running())))
        free = locale.formattedDataSize(workbench.free_bytes(self.session), 1,
                                        QLocale.DataSizeFormat.DataSizeSIFormat)
        self.disk_label.setText(self.tr("Còn trống: %1").replace("%1", free))
        self.today_label.setText(self.tr("Hôm nay: %1 trang").replace(
            "%1", locale.toString(workbench.pages_today(self.session))))

    def _exports_running(self) -> int:
        menus = getattr(self, "dialog_menus", None)
        return int(getattr(menus, "exports_running", 0) or 0) + (self.export_task is not None)

    def _show_operator(self) -> None:
        name = self.actor.name if self.actor else self.session.catalogue.agent.operator
        text = self.tr("Cán bộ: %1").replace("%1", name)
        if self.actor and self.actor.role:
            role = {"operator": self.tr("số hóa"), "checker": self.tr("kiểm tra"),
                    "administrator": self.tr("quản trị")}[self.actor.role]
            text += f" ({role})"
        self.operator_label.setText(text)

    def about_text(self) -> str:
        return self.tr("<b>SaoLưu</b> %1<br>Trạm số hóa lập bản sao bảo hiểm tài liệu lưu trữ.<br>"
                       "Giấy phép GPL-3.0 trở lên.").replace("%1", __version__)

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("Giới thiệu SaoLưu"), self.about_text())

    def _task_started(self, text: str) -> None:
        self._task_started_at = time.monotonic()
        self.task_label.setText(text)
        self.task_bar.setRange(0, 0)
        self.task_remaining.clear()
        self.task_box.show()

    def _task_progress(self, done: int, total: int) -> None:
        if total <= 0:
            self.task_bar.setRange(0, 0)
            return
        self.task_bar.setRange(0, total)
        self.task_bar.setValue(min(done, total))
        elapsed = time.monotonic() - self._task_started_at
        if done > 0 and done < total:
            left = int(elapsed / done * (total - done))
            self.task_remaining.setText(self.tr("còn khoảng %1 giây").replace("%1", str(max(left, 1))))

    def _task_ended(self) -> None:
        if self.scan_task is None and self.queue_task is None and self.export_task is None:
            self.task_box.hide()

    # -- register, search, filters --------------------------------------------------------------------------
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
            self.stack.setCurrentWidget(self.filtered if self.filter_model.kind else self.tree)
        self._show_search_status()

    def set_filter(self, kind: str | None) -> int:
        """Show only the dossiers at risk / not yet scanned / waiting for QC / not on two media (None: all)."""
        at = self.filter_combo.findData(kind)
        if at >= 0 and at != self.filter_combo.currentIndex():
            self.filter_combo.setCurrentIndex(at)  # comes back here through the signal
            return self.filter_model.rowCount()
        count = self.filter_model.set_filter(kind)
        if not self.search_field.text().strip():
            self.stack.setCurrentWidget(self.filtered if kind else self.tree)
        return count

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
            if code != self.current_code:
                self.show_dossier(code)
            page_id = current.data(PAGE_HIT_ROLE) if current.model() is self.search_model else None
            if page_id:  # a hit in a page's text: show that page
                self.select_page(int(page_id))

    def select_dossier(self, code: str) -> None:
        """Open a dossier as if the operator picked it in the register (its fonds expanded, its row current)."""
        detail = ops.dossier_detail(self.session, code)
        fonds = self.model.fonds_index(detail["fonds_code"])
        if fonds.isValid():
            self.tree.expand(fonds)
            while not self.model.dossier_index(code).isValid() and self.model.canFetchMore(fonds):
                self.model.fetchMore(fonds)
            index = self.model.dossier_index(code)
            if index.isValid():
                self.tree.setCurrentIndex(index)
        if self.current_code != code:
            self.show_dossier(code)

    def show_dossier(self, code: str | None) -> None:
        self.current_code = code
        if code is None:
            self.details.show_dossier(None)
            self.form.load(None)
            self.condition.load(None)
            self.reload_pages()
            return
        try:
            detail = ops.dossier_detail(self.session, code)
        except Exception as exc:  # e.g. removed meanwhile: say so, keep the window usable
            self.details.show_dossier(None)
            self.statusBar().showMessage(describe(exc, self.translations.language), 8000)
            return
        self.details.show_dossier(detail)
        self.form.load(detail)
        self.condition.load(code)
        self.thumbnails.clear_pending()
        self.reload_pages()
        self._update_actions()

    def refresh_dossier(self, code: str) -> dict[str, Any]:
        """Re-read one dossier after a change: its row in the register, the details, pages, the counters."""
        detail = ops.dossier_detail(self.session, code)
        self.model.refresh_dossier(code, state=detail["state"], pages=page_count(detail))
        if self.current_code == code:
            self.details.show_dossier(detail)
            self.reload_pages()
        if self.filter_model.kind:
            self.filter_model.set_filter(self.filter_model.kind)
        self.update_counts()
        return detail

    def _on_form_saved(self, code: str) -> None:
        if code != self.current_code:  # the code itself was changed
            self.model.reload()
            self.current_code = code
        self.refresh_dossier(code)

    # -- pages ----------------------------------------------------------------------------------------------
    def reload_pages(self) -> None:
        """Show the current dossier's pages in the strip, keeping the current page when it is still there."""
        keep = self.current_page_id()
        pages = workbench.dossier_pages(self.session, self.current_code) if self.current_code else []
        self.pages_model.set_pages(pages)
        if keep is not None and self.pages_model.row_of(keep) >= 0:
            self.select_page(keep)
        elif pages:
            self.select_page(pages[-1]["id"] if not self.review_mode else review_order(pages)[0])
        else:
            self.viewer.show_page(None, None, None)
            self.qc_panel.show_page(None)
            self.document_form.load(None)
        self._show_qc_status()
        self.pages_loaded.emit()

    def current_page_id(self) -> int | None:
        index = self.strip.currentIndex()
        page = index.data(PAGE_ROLE) if index.isValid() else None
        return page["id"] if page else None

    def current_page(self) -> dict[str, Any] | None:
        index = self.strip.currentIndex()
        return index.data(PAGE_ROLE) if index.isValid() else None

    def select_page(self, page_id: int | None) -> None:
        row = self.pages_model.row_of(page_id) if page_id is not None else -1
        if row < 0:
            return
        index = self.pages_model.index(row)
        if self.strip.currentIndex() == index:
            self._show_page(self.pages_model.page_at(row))
        else:
            self.strip.setCurrentIndex(index)
        self.strip.scrollTo(index)

    def _on_page_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_page(current.data(PAGE_ROLE) if current.isValid() else None)

    def _show_page(self, page: dict[str, Any] | None) -> None:
        self.qc_panel.show_page(page)
        if page is None:
            self.viewer.show_page(None, None, None)
            self.document_form.load(None)
            return
        if page["document_id"] != self.document_form.document_id:
            self.document_form.load(workbench.document_detail(self.session, page["document_id"]))
        lang = self.translations.language
        flags = [message_text(f.get("reason", ""), lang, value=f.get("value"), threshold=f.get("threshold"))
                 for f in page.get("flags", []) if f.get("reason")]
        low: list[dict[str, Any]] = []
        try:
            shown = texts.page_text(self.session, page["id"])
            low = [w for part in shown["parts"] if part["part"] == 1 for w in part["low_confidence"]]
        except Exception:  # noqa: BLE001 - no text yet is the usual case, not an error
            low = []
        master = workbench.object_path(self.session, page["sha256"])
        cleaned = workbench.object_path(self.session, page["access_sha256"]) if page["access_sha256"] else None
        self.viewer.show_page(page, master, cleaned, flag_texts=flags, low_confidence=low)

    def store_order(self, page_ids: list[int]) -> bool:
        """Store a new page order (from a drag or a keyboard move); a refusal is said, nothing moves."""
        if not self.current_code:
            return False
        try:
            workbench.reorder_dossier(self.session, self.current_code, page_ids)
        except Exception as exc:  # noqa: BLE001
            self._say_error(exc)
            return False
        self.reload_pages()
        return True

    def move_page(self, page_id: int, to_row: int) -> bool:
        """Move one page to position ``to_row`` of the strip (what a drag does)."""
        row = self.pages_model.row_of(page_id)
        if row < 0:
            return False
        before = to_row + 1 if to_row > row else to_row
        ok = self.store_order(self.pages_model.moved_order([row], before))
        self.select_page(page_id)
        return ok

    def _nudge(self, step: int) -> None:
        page_id = self.current_page_id()
        if page_id is not None:
            self.move_page(page_id, max(0, self.pages_model.row_of(page_id) + step))

    def split_at(self, page_id: int | None) -> bool:
        """Start a new document at this page (it and those after it in its document)."""
        if page_id is None:
            return False
        try:
            workbench.split_document(self.session, page_id)
        except Exception as exc:  # noqa: BLE001
            self._say_error(exc)
            return False
        self.refresh_dossier(self.current_code) if self.current_code else None
        return True

    def delete_page(self, page_id: int | None) -> bool:
        """Move the page to the recoverable bin (an administrator's act once the station has accounts)."""
        if page_id is None:
            return False
        try:
            self.binned.append(workbench.delete_page(self.session, page_id, actor=self.actor))
        except Exception as exc:  # noqa: BLE001 - wrong role, page gone: said, nothing moved
            self._say_error(exc)
            return False
        if self.current_code:
            self.refresh_dossier(self.current_code)
        self.statusBar().showMessage(self.tr("Đã chuyển trang vào thùng rác (Ctrl+Shift+Z để lấy lại)."), 8000)
        return True

    def rotate_page(self, page_id: int | None, degrees: int) -> int | None:
        """Turn the page for good (+90 = counter-clockwise): its cleaned image is made again in the background
        from the master turned so; the master is not changed."""
        if page_id is None:
            return None
        try:
            turned = workbench.rotate_page(self.session, page_id, degrees)
        except Exception as exc:  # noqa: BLE001
            self._say_error(exc)
            return None
        self.start_queue()
        self.statusBar().showMessage(self.tr("Trang sẽ được xử lý lại, xoay %1°.").replace("%1", str(turned)), 8000)
        return turned

    def restore_last_deleted(self) -> int | None:
        """Put the page deleted last from this window back in its slot."""
        if not self.binned:
            return None
        try:
            page_id = workbench.restore_page(self.session, self.binned[-1], actor=self.actor)
        except Exception as exc:  # noqa: BLE001
            self._say_error(exc)
            return None
        self.binned.pop()
        if self.current_code:
            self.refresh_dossier(self.current_code)
        self.select_page(page_id)
        return page_id

    def insert_scan_here(self) -> Task | None:
        """Scan one page and put it right after the current page."""
        after = self.current_page_id()
        task = self.start_scan(pages=1)
        if task is not None and after is not None:
            self._insert_after = after
        return task

    # -- scanning ---------------------------------------------------------------------------------------------
    def find_devices(self) -> None:
        """List the scanners in the background (SANE probing takes seconds); the demo scanner is among them."""
        task = Task(lambda cancel, progress: background.devices(self.session.home, cancel, progress))
        task.signals.finished.connect(self._on_devices)
        task.signals.failed.connect(lambda exc: self._say_error(exc))
        self.runner.start(task)

    def _on_devices(self, devices: list[dict[str, Any]]) -> None:
        if self._closed:
            return
        current = self.device_combo.currentData()
        self.device_combo.clear()
        for device in devices:
            label = self.tr("Máy quét thử") if device.get("demo") else f"{device.get('vendor', '')} " \
                                                                       f"{device.get('model', '')}".strip()
            self.device_combo.addItem(label or device["id"], device["id"])
        if current:
            self.set_device(current)
        self.update_status()
        self.devices_loaded.emit(devices)

    def set_device(self, device_id: str) -> None:
        at = self.device_combo.findData(device_id)
        if at < 0:
            self.device_combo.addItem(self.tr("Máy quét thử") if device_id == DEMO_DEVICE else device_id, device_id)
            at = self.device_combo.count() - 1
        self.device_combo.setCurrentIndex(at)
        self.update_status()

    def start_scan(self, *, pages: int | None = 1, adf: bool = False, rescan_page_id: int | None = None
                   ) -> Task | None:
        """Scan into the current dossier in a worker: ``pages`` sheets from the flatbed, the whole feeder
        (``adf``), or one page into the slot of ``rescan_page_id``. Each stored page appears in the strip."""
        if self.scan_task is not None:
            return None
        if not self.current_code:
            self.statusBar().showMessage(self.tr("Chọn một hồ sơ trước khi quét."), 8000)
            return None
        device = self.device_combo.currentData() or DEMO_DEVICE
        order = background.ScanOrder(self.current_code, device, self.profile_combo.currentData(), pages, adf,
                                     rescan_page_id, self.scan_resolution)
        operator = self._operator_name()
        home = self.session.home
        task = Task(lambda cancel, progress: background.scan(home, operator, order, cancel, progress))
        task.signals.progress.connect(self._on_scan_progress)
        task.signals.finished.connect(self._on_scan_finished)
        task.signals.failed.connect(self._on_scan_failed)
        self.scan_task = task
        self._task_started(self.tr("Đang quét lại trang…") if rescan_page_id else self.tr("Đang quét…"))
        self._update_actions()
        self.update_status()
        self.runner.start(task)
        return task

    def rescan_page(self, page_id: int | None) -> Task | None:
        """Rescan exactly this page into its slot (the page the checker rejected)."""
        if page_id is None:
            return None
        return self.start_scan(pages=1, rescan_page_id=page_id)

    def start_preview(self) -> Task | None:
        device = self.device_combo.currentData() or DEMO_DEVICE
        home = self.session.home
        task = Task(lambda cancel, progress: background.preview(home, device, cancel, progress))
        task.signals.finished.connect(lambda path: self.viewer.show_page({"id": 0, "preview": True}, Path(path), None))
        task.signals.failed.connect(self._say_error)
        self.runner.start(task)
        return task

    def stop(self) -> None:
        """Stop the scan (after the page being stored) and the queues; nothing stored is lost."""
        for task in (self.scan_task, self.queue_task, self.export_task):
            if task is not None:
                task.cancel()
        self.task_label.setText(self.tr("Đang dừng…"))

    def _on_scan_progress(self, done: int, total: int, key: str, params: dict[str, Any]) -> None:
        if key == background.PAGE_STORED:
            self.reload_pages()
            record = params.get("record")
            if record is not None:
                self.select_page(record.page_id)
            self.task_label.setText(self.tr("Đã lưu %1 trang").replace("%1", str(done)))
            self._task_progress(done, total)

    def _on_scan_finished(self, outcome: Any) -> None:
        self.scan_task = None
        self.last_scan = outcome
        self._task_ended()
        self._update_actions()
        code = self.current_code
        after, self._insert_after = self._insert_after, None
        if after is not None and outcome.pages and code:
            ids = self.pages_model.page_ids()
            new = [p.page_id for p in outcome.pages]
            rest = [i for i in ids if i not in new]
            at = rest.index(after) + 1 if after in rest else len(rest)
            self.store_order(rest[:at] + new + rest[at:])
        if code:
            self.refresh_dossier(code)
            self._show_qc_status()
        if outcome.error_key:
            self._tell(QMessageBox.Icon.Warning, self.tr("Quét chưa xong."),
                       message_text(outcome.error_key, self.translations.language, **outcome.error_params))
        else:
            self.statusBar().showMessage(self.tr("Đã quét %1 trang.").replace("%1", str(len(outcome.pages))), 8000)
        self.update_status()
        self.start_queue()
        self.scan_done.emit(outcome)

    def _on_scan_failed(self, exc: BaseException) -> None:
        self.scan_task = None
        self._task_ended()
        self._update_actions()
        self._say_error(exc)
        self.update_status()
        self.scan_done.emit(exc)

    # -- background queues ------------------------------------------------------------------------------------
    def start_queue(self) -> Task | None:
        """Clean (and OCR) waiting pages in a worker; started after each scan, restarted while work waits."""
        if self._closed:
            return None
        if self.queue_task is not None:
            self._queue_again = True
            return None
        counts = workbench.queue_counts(self.session)
        if not counts["clean"] and not (self.ocr_in_background and counts["ocr"]):
            return None
        operator, home, with_ocr = self._operator_name(), self.session.home, self.ocr_in_background
        task = Task(lambda cancel, progress: background.run_queues(home, operator, with_ocr, cancel, progress))
        task.signals.progress.connect(lambda done, total, _key, _params: self._task_progress(done, total))
        task.signals.finished.connect(self._on_queue_finished)
        task.signals.failed.connect(self._on_queue_finished)
        self.queue_task = task
        if self.scan_task is None:
            self._task_started(self.tr("Đang xử lý ảnh…"))
        self.runner.start(task)
        return task

    def _on_queue_finished(self, result: Any) -> None:
        self.queue_task = None
        self._task_ended()
        if self._closed:
            return
        if isinstance(result, BaseException):
            self._say_error(result)
        if self.current_code:
            self.refresh_dossier(self.current_code)
        self.update_status()
        again, self._queue_again = self._queue_again, False
        if again or (not isinstance(result, BaseException) and not result.get("cancelled")
                     and workbench.queue_counts(self.session)["clean"]):
            self.start_queue()
        self.queue_done.emit(result)

    @property
    def busy(self) -> bool:
        return self.scan_task is not None or self.queue_task is not None or self.export_task is not None

    # -- export -----------------------------------------------------------------------------------------------
    def start_export(self, destinations: Sequence[Path], codes: Sequence[str] | None = None) -> Task | None:
        """Package the dossiers (default: the current one), copy them to each destination folder and verify
        every copy, in a worker; the register shows the verified copies when it ends."""
        codes = list(codes or ([self.current_code] if self.current_code else []))
        if self.export_task is not None or not codes:
            return None
        home, operator, actor = self.session.home, self._operator_name(), self.actor
        targets = [Path(d) for d in destinations]
        task = Task(lambda cancel, progress: background.export(home, operator, actor, codes, targets, cancel,
                                                               progress))
        task.signals.progress.connect(lambda done, total, _key, _params: self._task_progress(done, total))
        task.signals.finished.connect(lambda report, codes=codes: self._on_export_finished(report, codes))
        task.signals.failed.connect(lambda exc, codes=codes: self._on_export_finished(exc, codes))
        self.export_task = task
        self._task_started(self.tr("Đang xuất và kiểm tra bản sao…"))
        self.update_status()
        self.runner.start(task)
        return task

    def _on_export_finished(self, result: Any, codes: list[str]) -> None:
        self.export_task = None
        self.last_export = result
        self._task_ended()
        if self._closed:
            return
        for code in codes:
            self.refresh_dossier(code)
        if isinstance(result, BaseException):
            self._say_error(result)
        else:
            good = sum(1 for c in result.copies if c.status == "ok")
            self.statusBar().showMessage(self.tr("Đã xuất và kiểm tra %1/%2 bản sao.")
                                         .replace("%1", str(good)).replace("%2", str(len(result.copies))), 15000)
            if not result.ok:
                problems = [message_text(c.error_key, self.translations.language, **c.error_params)
                            for c in result.copies if c.error_key]
                self._tell(QMessageBox.Icon.Warning, self.tr("Có bản sao chưa đạt."), "\n".join(problems))
        self.update_status()
        self.export_done.emit(result)

    # -- QC review ------------------------------------------------------------------------------------------
    def set_review_mode(self, on: bool) -> None:
        """The checker's mode: the QC panel in front, pages in review order (flagged first)."""
        self.review_mode = on
        if self.review_action.isChecked() != on:
            self.review_action.setChecked(on)
        if on:
            self.right.setCurrentWidget(self.qc_panel)
            pages = self.pages_model.pages()
            if pages:
                self.select_page(review_order(pages)[0])
        self._show_qc_status()

    def review_step(self, step: int) -> None:
        order = review_order(self.pages_model.pages())
        current = self.current_page_id()
        if not order:
            return
        at = order.index(current) if current in order else -1
        self.select_page(order[max(0, min(len(order) - 1, at + step))])

    def _rescan_badge(self, rejected: int) -> None:
        """The review tab says how many pages wait for a rescan, so the operator sees them without looking."""
        at = self.right.indexOf(self.qc_panel)
        text = self.tr("Kiểm tra")
        self.right.setTabText(at, self.tr("%1 (%2 trang cần quét lại)").replace("%1", text)
                              .replace("%2", str(rejected)) if rejected else text)

    def _show_qc_status(self) -> None:
        if not self.current_code:
            self.qc_panel.show_status(None, [])
            self._rescan_badge(0)
            return
        try:
            status = qc.status(self.session, self.current_code)
            rejected = qc.rejected_pages(self.session, self.current_code)
        except Exception as exc:  # noqa: BLE001
            self._say_error(exc)
            return
        self.qc_panel.show_status(status, rejected, self.translations.language)
        self._rescan_badge(len(rejected))

    def reject_page(self, page_id: int, reason: str) -> bool:
        try:
            qc.reject_page(self.session, page_id, reason, actor=self.actor)
        except Exception as exc:  # noqa: BLE001 - no reason, wrong role: said, nothing recorded
            self._say_error(exc)
            return False
        self.qc_panel.reason.clear()
        self._after_verdict()
        return True

    def accept_page(self, page_id: int | None) -> bool:
        if page_id is None:
            return False
        try:
            qc.accept_page(self.session, page_id, actor=self.actor)
        except Exception as exc:  # noqa: BLE001
            self._say_error(exc)
            return False
        self._after_verdict()
        if self.review_mode:
            self.review_step(1)
        return True

    def approve_dossier(self, accept_flagged: bool = False) -> bool:
        if not self.current_code:
            return False
        try:
            qc.approve_dossier(self.session, self.current_code, actor=self.actor, accept_flagged=accept_flagged)
        except Exception as exc:  # noqa: BLE001 - pages waiting, fields missing, wrong role: said
            self._say_error(exc)
            return False
        self._after_verdict()
        self.statusBar().showMessage(self.tr("Đã duyệt hồ sơ %1.").replace("%1", self.current_code), 8000)
        return True

    def _approve_clicked(self) -> None:
        flagged = sum(p["qc_state"] == "flagged" for p in self.pages_model.pages())
        if not flagged:
            self.approve_dossier()
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Duyệt hồ sơ"),
                          self.tr("%1 trang còn bị đánh dấu. Anh/chị đã xem và giữ tất cả các trang đó?")
                          .replace("%1", str(flagged)),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda result: self.approve_dossier(accept_flagged=True)
                             if result == QMessageBox.StandardButton.Yes else None)
        box.open()
        self.approve_box = box

    def _after_verdict(self) -> None:
        if self.current_code:
            self.refresh_dossier(self.current_code)
        self._show_qc_status()

    # -- accounts -------------------------------------------------------------------------------------------
    def _operator_name(self) -> str:
        return self.actor.name if self.actor else self.session.catalogue.agent.operator

    def show_login(self) -> LoginDialog | None:
        """Ask who is at the station (when it has accounts); non-blocking."""
        if accounts.single_user(self.session):
            self.statusBar().showMessage(self.tr("Trạm chưa có tài khoản: mọi người dùng chung một tên."), 8000)
            return None
        dialog = LoginDialog(self.session, self.translations.language, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._set_actor(dialog.actor))
        dialog.open()
        self.login_dialog = dialog
        return dialog

    def sign_in(self, name: str, pin: str) -> bool:
        try:
            actor = accounts.sign_in(self.session, name, pin)
        except Exception as exc:  # noqa: BLE001
            self._say_error(exc)
            return False
        self._set_actor(actor)
        return True

    def _set_actor(self, actor: accounts.Actor | None) -> None:
        self.actor = actor
        self._show_operator()
        self._update_actions()
        self.actor_changed.emit(actor)

    def _update_actions(self) -> None:
        scanning_now = getattr(self, "scan_task", None) is not None
        for action in (self.scan_action, self.feeder_action, self.preview_action):
            action.setEnabled(not scanning_now)
        self.stop_action.setEnabled(True)
        self.qc_panel.set_allowed(accounts.allowed(self.session, self.actor, "approve"))

    # -- import ---------------------------------------------------------------------------------------------
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
        job = ImportJob(self.runner, self.session.home, self._operator_name(), code, paths,
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
        self.start_queue()
        self.import_done.emit(report)

    def _on_import_failed(self, exc: BaseException) -> None:
        self._import_ended()
        self._tell(QMessageBox.Icon.Critical, self.tr("Không nhập được ảnh."),
                   describe(exc, self.translations.language))
        self.import_done.emit(exc)

    # -- messages -------------------------------------------------------------------------------------------
    def _say_error(self, exc: BaseException) -> None:
        """A refusal in the status bar and in a box that does not block the event loop."""
        text = describe(exc, self.translations.language)
        self.last_error = text
        self.statusBar().showMessage(text.splitlines()[0], 15000)
        self._tell(QMessageBox.Icon.Warning, text.splitlines()[0], text)

    def _tell(self, icon: QMessageBox.Icon, text: str, details: str) -> None:
        """A message that does not block the event loop (workers keep reporting while it is open)."""
        box = QMessageBox(icon, self.tr("SaoLưu"), text, QMessageBox.StandardButton.Ok, self)
        box.setInformativeText(details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.message_box = box

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop background work cleanly: cancel, then wait for the page being stored to be committed."""
        self._status_timer.stop()
        self.runner.cancel_all()
        self.runner.wait()
        self.thumbnails.clear_pending()
        self.thumbnails.wait()
        self.viewer.wait()
        self._closed = True
        super().closeEvent(event)
