"""Preferences: what the operator may change (language, operator name, the header of printed documents) and
what the station is (read-only).

Why the station name, home folder, OCR languages and QC thresholds are shown but not edited here (decision
0026): the station name is signed into every package already made; the home folder is chosen before the window
opens (``--home`` or ``SAOLUU_HOME``); OCR languages follow each dossier's Thông tư 05 language field; and QC
thresholds are one table for every station, so a flag means the same thing wherever a page was checked.
"""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.i18n import describe
from app.i18n import tr as message_text  # the core message catalogue (not Qt: lupdate must not see it)
from app.workflow import preferences
from app.workflow.context import Session

from ..translations import Translations

LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}  # each language named in itself, never translated


class PreferencesDialog(QDialog):
    def __init__(self, session: Session, translations: Translations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.translations = translations
        lang = translations.language
        self.chosen_language = lang
        self.setWindowTitle(self.tr("Tùy chọn"))
        self.resize(620, 460)
        tabs = QTabWidget()

        general = QWidget()
        form = QFormLayout(general)
        self.language = QComboBox()
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(lang))
        form.addRow(self.tr("Ngôn ngữ giao diện:"), self.language)
        self.operator = QLineEdit(session.settings.operator or session.catalogue.agent.operator)
        self.operator.setObjectName("operator")
        form.addRow(self.tr("Cán bộ số hóa:"), self.operator)
        note = QLabel(self.tr("Tên cán bộ được ghi vào nhật ký từ lần mở sau."))
        note.setWordWrap(True)
        form.addRow("", note)
        self.agency = QLineEdit(session.settings.agency)
        self.agency.setObjectName("agency")
        self.agency.setPlaceholderText(self.tr("ví dụ: UBND TỈNH HÀ GIANG"))
        form.addRow(self.tr("Cơ quan chủ quản:"), self.agency)
        self.place = QLineEdit(session.settings.place)
        self.place.setObjectName("place")
        self.place.setPlaceholderText(self.tr("ví dụ: Hà Giang"))
        form.addRow(self.tr("Địa danh:"), self.place)
        print_note = QLabel(self.tr("In ở đầu báo cáo, danh mục và biên bản sao lưu (Nghị định 30/2020)."))
        print_note.setWordWrap(True)
        form.addRow("", print_note)
        station = QLineEdit(session.station.name)
        station.setReadOnly(True)
        form.addRow(self.tr("Tên trạm:"), station)
        home_row = QHBoxLayout()
        home = QLineEdit(str(session.home))
        home.setReadOnly(True)
        open_home = QPushButton(self.tr("Mở thư mục"))
        open_home.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(session.home))))
        home_row.addWidget(home, 1)
        home_row.addWidget(open_home)
        form.addRow(self.tr("Thư mục dữ liệu:"), home_row)
        home_note = QLabel(self.tr("Dùng thư mục khác: mở SaoLưu với --home THƯ_MỤC hoặc biến SAOLUU_HOME."))
        home_note.setWordWrap(True)
        form.addRow("", home_note)
        tabs.addTab(general, self.tr("Chung"))

        ocr = QWidget()
        ocr_layout = QVBoxLayout(ocr)
        installed = preferences.ocr_languages()
        ocr_text = QLabel(self.tr("Ngôn ngữ nhận dạng chữ được chọn theo trường Ngôn ngữ của từng hồ sơ "
                                  "(Thông tư 05). Ngôn ngữ đã cài trên trạm này: %1")
                          .replace("%1", ", ".join(installed) or "—"))
        ocr_text.setWordWrap(True)
        ocr_layout.addWidget(ocr_text)
        ocr_layout.addStretch(1)
        tabs.addTab(ocr, self.tr("Nhận dạng chữ"))

        qc = QWidget()
        qc_layout = QVBoxLayout(qc)
        qc_note = QLabel(self.tr("Ngưỡng kiểm tra chất lượng dùng chung cho mọi trạm, để một cảnh báo có cùng ý "
                                 "nghĩa ở mọi nơi."))
        qc_note.setWordWrap(True)
        qc_layout.addWidget(qc_note)
        rules = preferences.qc_rules()
        self.qc_table = QTableWidget(len(rules), 2)
        self.qc_table.setHorizontalHeaderLabels([self.tr("Ngưỡng"), self.tr("Ý nghĩa")])
        self.qc_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, rule in enumerate(rules):
            self.qc_table.setItem(row, 0, QTableWidgetItem(f"{rule['threshold']:g} {rule['unit']}".strip()))
            meaning = message_text(str(rule["reason"]), lang, value="…", threshold=rule["threshold"])
            self.qc_table.setItem(row, 1, QTableWidgetItem(meaning))
        self.qc_table.horizontalHeader().setStretchLastSection(True)
        qc_layout.addWidget(self.qc_table)
        tabs.addTab(qc, self.tr("Kiểm tra chất lượng"))

        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Lưu"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        """Save both choices; on a refusal say why and keep the dialog open."""
        lang = self.language.currentData()
        try:
            preferences.set_operator(self.session, self.operator.text())
            preferences.set_print_header(self.session, self.agency.text(), self.place.text())
            preferences.set_language(self.session, lang)
        except Exception as exc:
            self.message.setText(describe(exc, self.translations.language))
            return
        self.chosen_language = lang  # the window switches (menus, open views) when the dialog is accepted
        self.accept()
