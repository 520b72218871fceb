"""Scanner settings: which scanner to use, what it can do, and the scan profiles (by kind of record).

Listing devices and reading their capabilities go through the scanning child process (a vendor driver may be
slow or hang), so they run on a worker and the dialog stays responsive. A new profile is checked against the
Thông tư 05/2025 minimums by the catalogue; a refused one is explained under the form.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import describe
from app.workflow import preferences, scan_profiles, scanner_setup, scanning
from app.workflow.context import Session

from ..workers import Task, TaskRunner

DOC_TYPES = {
    "admin": QT_TRANSLATE_NOOP("ScannerSettings", "Văn bản hành chính"),
    "faded": QT_TRANSLATE_NOOP("ScannerSettings", "Giấy mờ, chữ nhạt"),
    "map": QT_TRANSLATE_NOOP("ScannerSettings", "Bản đồ, bản vẽ"),
    "book": QT_TRANSLATE_NOOP("ScannerSettings", "Sổ, sách đóng quyển"),
    "feeder": QT_TRANSLATE_NOOP("ScannerSettings", "Nạp giấy tự động"),
    "photo": QT_TRANSLATE_NOOP("ScannerSettings", "Ảnh"),
    "other": QT_TRANSLATE_NOOP("ScannerSettings", "Khác"),
}
SOURCES = {"flatbed": QT_TRANSLATE_NOOP("ScannerSettings", "Mặt kính"),
           "adf": QT_TRANSLATE_NOOP("ScannerSettings", "Khay nạp giấy")}
BOOK_MODES = {"none": QT_TRANSLATE_NOOP("ScannerSettings", "Không"),
              "alternate": QT_TRANSLATE_NOOP("ScannerSettings", "Trái/phải xen kẽ"),
              "spread": QT_TRANSLATE_NOOP("ScannerSettings", "Cả hai trang, tách sau")}


def _t(text: str) -> str:
    return QCoreApplication.translate("ScannerSettings", text)


class ScannerSettingsDialog(QDialog):
    def __init__(self, session: Session, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.lang = lang
        self.devices: list[dict[str, Any]] = []
        self.runner = TaskRunner(self, threads=1)
        self.setWindowTitle(self.tr("Máy quét và hồ sơ quét"))
        self.resize(760, 620)
        layout = QVBoxLayout(self)

        device_box = QGroupBox(self.tr("Máy quét"))
        device_form = QFormLayout(device_box)
        row = QHBoxLayout()
        self.device = QComboBox()
        self.device.setObjectName("device")
        self.device.currentIndexChanged.connect(self._device_changed)
        self.refresh_button = QPushButton(self.tr("Tìm lại"))
        self.refresh_button.clicked.connect(self.find_devices)
        row.addWidget(self.device, 1)
        row.addWidget(self.refresh_button)
        device_form.addRow(self.tr("Thiết bị:"), row)
        self.caps = QLabel(self.tr("Đang tìm máy quét…"))
        self.caps.setWordWrap(True)
        device_form.addRow(self.tr("Khả năng:"), self.caps)
        layout.addWidget(device_box)

        profiles_box = QGroupBox(self.tr("Hồ sơ quét"))
        profiles_layout = QVBoxLayout(profiles_box)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("profiles")
        self.table.setHorizontalHeaderLabels([self.tr("Tên"), self.tr("Loại tài liệu"), self.tr("Nguồn giấy"),
                                              self.tr("Độ phân giải"), self.tr("Khổ giấy")])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 280)
        profiles_layout.addWidget(self.table)

        choices = scanner_setup.profile_choices()
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setObjectName("profile_name")
        self.doc_type = QComboBox()
        for code, minimum in choices["doc_types"].items():
            self.doc_type.addItem(self.tr("%1 (tối thiểu %2 dpi)").replace("%1", _t(DOC_TYPES.get(code, code)))
                                  .replace("%2", str(minimum)), code)
        self.source = QComboBox()
        for code in choices["sources"]:
            self.source.addItem(_t(SOURCES[code]), code)
        self.resolution = QSpinBox()
        self.resolution.setRange(50, 1200)
        self.resolution.setSingleStep(50)
        self.resolution.setValue(300)
        self.resolution.setSuffix(" dpi")
        self.page_size = QComboBox()
        for size in choices["page_sizes"]:
            self.page_size.addItem(size, size)
        self.book_mode = QComboBox()
        for code in choices["book_modes"]:
            self.book_mode.addItem(_t(BOOK_MODES.get(code, code)), code)
        form.addRow(self.tr("Tên hồ sơ quét mới:"), self.name)
        form.addRow(self.tr("Loại tài liệu:"), self.doc_type)
        form.addRow(self.tr("Nguồn giấy:"), self.source)
        form.addRow(self.tr("Độ phân giải:"), self.resolution)
        form.addRow(self.tr("Khổ giấy:"), self.page_size)
        form.addRow(self.tr("Chế độ sách:"), self.book_mode)
        profiles_layout.addLayout(form)
        self.add_button = QPushButton(self.tr("Thêm hồ sơ quét"))
        self.add_button.clicked.connect(self.add_profile)
        profiles_layout.addWidget(self.add_button)
        self.message = QLabel()
        self.message.setWordWrap(True)
        profiles_layout.addWidget(self.message)
        layout.addWidget(profiles_box, 1)

        buttons = QDialogButtonBox()
        close = buttons.addButton(self.tr("Đóng"), QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.load_profiles()

    # -- devices --------------------------------------------------------------------------------------------
    def find_devices(self) -> Task:
        """List scanners on a worker (the scanning child may take a moment)."""
        self.refresh_button.setEnabled(False)
        self.caps.setText(self.tr("Đang tìm máy quét…"))
        home = self.session.home
        task = Task(lambda _cancel, _progress: scanning.list_devices(home))
        task.signals.finished.connect(self._on_devices)
        task.signals.failed.connect(self._on_device_error)
        return self.runner.start(task)

    def _on_devices(self, devices: list[dict[str, Any]]) -> None:
        self.refresh_button.setEnabled(True)
        self.devices = devices
        chosen = preferences.scanner_device(self.session)
        self.device.blockSignals(True)
        self.device.clear()
        for device in devices:
            label = f"{device['vendor']} {device['model']} ({device['id']})"
            if device["demo"]:
                label += " — " + self.tr("máy quét thử, để tập")
            self.device.addItem(label, device["id"])
        self.device.blockSignals(False)
        if not devices:
            self.caps.setText(self.tr("Không thấy máy quét nào. Kiểm tra cáp và nguồn điện rồi bấm Tìm lại."))
            return
        index = self.device.findData(chosen) if chosen else -1
        self.device.setCurrentIndex(index if index >= 0 else 0)
        self._device_changed()

    def _on_device_error(self, exc: BaseException) -> None:
        self.refresh_button.setEnabled(True)
        self.caps.setText(describe(exc, self.lang))

    def _device_changed(self) -> None:
        device = self.device.currentData()
        if not device:
            return
        try:
            preferences.set_scanner_device(self.session, device)
        except Exception as exc:
            self.caps.setText(describe(exc, self.lang))
            return
        home = self.session.home
        task = Task(lambda _cancel, _progress: scanning.capabilities(device, home))
        task.signals.finished.connect(self._on_caps)
        task.signals.failed.connect(self._on_device_error)
        self.runner.start(task)

    def _on_caps(self, caps: dict[str, Any]) -> None:
        sources = ", ".join(_t(SOURCES.get(s, s)) for s in caps["sources"])
        res = caps["resolutions"]
        resolutions = (f"{res['min']:g}–{res['max']:g} dpi" if isinstance(res, dict)
                       else ", ".join(f"{r:g}" for r in res) + " dpi")
        self.caps.setText(self.tr("Nguồn giấy: %1. Độ phân giải: %2. Vùng quét tối đa %3 × %4 mm. Hai mặt: %5.")
                          .replace("%1", sources).replace("%2", resolutions)
                          .replace("%3", f"{caps['max_width_mm']:g}").replace("%4", f"{caps['max_height_mm']:g}")
                          .replace("%5", self.tr("có") if caps.get("duplex") else self.tr("không")))

    # -- profiles -------------------------------------------------------------------------------------------
    def load_profiles(self) -> None:
        rows = scan_profiles.list_profiles(self.session)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate((row["name"], _t(DOC_TYPES.get(row["doc_type"], row["doc_type"])),
                                       _t(SOURCES.get(row["source"], row["source"])),
                                       f"{row['resolution']:g} dpi", row["page_size"] or "—")):
                self.table.setItem(r, c, QTableWidgetItem(str(value)))

    def add_profile(self) -> None:
        name = self.name.text().strip()
        if not name:
            self.message.setText(self.tr("Đặt tên cho hồ sơ quét mới."))
            return
        try:
            scan_profiles.add_profile(self.session, name, self.doc_type.currentData(),
                                      resolution=float(self.resolution.value()), source=self.source.currentData(),
                                      page_size=self.page_size.currentData(), book_mode=self.book_mode.currentData())
        except Exception as exc:
            self.message.setStyleSheet("color: #b00020;")
            self.message.setText(describe(exc, self.lang))
            return
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Đã thêm hồ sơ quét \"%1\".").replace("%1", name))
        self.name.clear()
        self.load_profiles()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self.devices and self.refresh_button.isEnabled():
            self.find_devices()

    def reject(self) -> None:
        self.runner.wait()
        super().reject()
