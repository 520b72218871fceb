"""The centre pane: one dossier's Thông tư 05 fields, read-only for now (editing comes with the full window).

The field list and both label sets come from ``catalogue_ops.dossier_fields`` (the window must not import
``storage``); which label is shown follows the window's language.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFormLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.workflow import catalogue_ops as ops

from . import labels


def page_count(detail: dict[str, Any]) -> int:
    return sum(len(doc["pages"]) for doc in detail["documents"])


class DossierDetails(QScrollArea):
    """Shows ``catalogue_ops.dossier_detail`` output; ``show_dossier(None)`` shows the empty hint."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self._fields = ops.dossier_fields()
        self._detail: dict[str, Any] | None = None
        self._lang = "vi"
        body = QWidget()
        outer = QVBoxLayout(body)
        self.heading = QLabel()
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.heading)
        self._form = QFormLayout()
        self._form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer.addLayout(self._form)
        outer.addStretch(1)
        self.setWidget(body)
        self._render()

    @property
    def detail(self) -> dict[str, Any] | None:
        return self._detail

    def show_dossier(self, detail: dict[str, Any] | None) -> None:
        self._detail = detail
        self._render()

    def set_language(self, lang: str) -> None:
        self._lang = lang
        self._render()

    def value_text(self, name: str) -> str | None:
        """The text shown for field ``name`` (tests and later editors read the pane through this)."""
        for row in range(self._form.rowCount()):
            label = self._form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label is not None and label.widget().objectName() == name:
                return label.widget().text()
        return None

    def _render(self) -> None:
        while self._form.rowCount():
            self._form.removeRow(0)
        d = self._detail
        if d is None:
            self.heading.setText(self.tr("Chọn một hồ sơ trong danh mục để xem thông tin."))
            return
        self.heading.setText(f"{d['fileCode']} — {d['title']}")
        locale = QLocale()
        self._add("fonds", self.tr("Phông"), d.get("fonds_code") or labels.EMPTY)
        self._add("state", self.tr("Trạng thái"), labels.state_label(d.get("state")))
        self._add("documents", self.tr("Số tài liệu"), locale.toString(len(d["documents"])))
        self._add("pages", self.tr("Số trang đã số hóa"), locale.toString(page_count(d)))
        for field in self._fields:
            label = field["label_en"] if self._lang == "en" else field["label_vi"]
            self._add(field["name"], label, labels.field_value(field, d.get(field["name"])))

    def _add(self, name: str, label: str, value: str) -> None:
        text = QLabel(value)
        text.setObjectName(name)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._form.addRow(label + ":", text)
