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
from app.workflow import accounts, importing, preferences, scan_profiles, workbench
from app.workflow import catalogue_ops as ops
from app.workflow.context import Session

from . import background
from .condition_pane import ConditionPane
from .details import DossierDetails, page_count
from .dialogs import menus as dialog_menus
from .filter_model import FilterModel
from .import_job import ImportJob
from .metadata_form import MetadataForm
from .page_model import PagesModel
from .page_viewer import PageViewer
from .qc_panel import QcPanel
from .register_model import CODE_ROLE, RegisterModel
from .search_model import PAGE_HIT_ROLE, SearchModel
from .thumbnails import SIZE as THUMB_SIZE
from .thumbnails import ThumbnailCache
from .translations import Translations
from .window_pages import PageActions
from .window_review import ReviewActions
from .window_work import BackgroundWork
from .workers import Task, TaskRunner

SEARCH_DELAY_MS = 250  # search while typing, but not on every keystroke
FETCH_MARGIN = 100  # read the next batch when the view is this many rows from the end of what is loaded
STATUS_EVERY_MS = 2000  # queue counts, free disk, pages today
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}  # each language named in itself, never translated


class MainWindow(PageActions, ReviewActions, BackgroundWork, QMainWindow):
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
        self.submit_action = QAction(self, shortcut=QKeySequence("Ctrl+Shift+K"))
        self.submit_action.triggered.connect(lambda: self.submit_for_review())
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
        self.qc_menu.addAction(self.submit_action)
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
        self.submit_action.setText(self.tr("Giao hồ sơ cho người kiểm tra"))
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
