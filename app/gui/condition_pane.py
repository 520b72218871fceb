"""The condition assessment in the right pane: the seven signs of QĐ 76 (nhạt màu, đổi màu, rách, thủng lỗ,
mủn, giòn, mờ chữ) with a severity each, and the special-value mark. Saving records a new assessment (the
history is kept) through ``catalogue_ops.assess_condition``; the backup priority is computed by the core.
An optional photo of the damage ("Ảnh hư hỏng…") goes with the next saved assessment; the newest assessment's
photo is previewed (a thumbnail from the same cache as the page strip)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import describe
from app.workflow import catalogue_ops as ops
from app.workflow import workbench
from app.workflow.context import Session

from .thumbnails import make_thumbnail

SEVERITIES = (QT_TRANSLATE_NOOP("ConditionPane", "0 — không"), QT_TRANSLATE_NOOP("ConditionPane", "1 — nhẹ"),
              QT_TRANSLATE_NOOP("ConditionPane", "2 — vừa"), QT_TRANSLATE_NOOP("ConditionPane", "3 — nặng"))
SIGN_NAMES = {
    "crumbling": QT_TRANSLATE_NOOP("ConditionPane", "Mủn"), "brittle": QT_TRANSLATE_NOOP("ConditionPane", "Giòn"),
    "holed": QT_TRANSLATE_NOOP("ConditionPane", "Thủng lỗ"), "torn": QT_TRANSLATE_NOOP("ConditionPane", "Rách"),
    "blurred": QT_TRANSLATE_NOOP("ConditionPane", "Mờ chữ"), "faded": QT_TRANSLATE_NOOP("ConditionPane", "Nhạt màu"),
    "discoloured": QT_TRANSLATE_NOOP("ConditionPane", "Đổi màu"),
}


class ConditionPane(QWidget):
    saved = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.lang = "vi"
        self.code: str | None = None
        self.signs = [key for key, _name in workbench.condition_signs()]
        self.combos: dict[str, QComboBox] = {}
        self.labels: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        form = QFormLayout()
        for key in self.signs:
            combo = QComboBox()
            combo.setObjectName(f"sign_{key}")
            combo.addItems(["", "", "", ""])
            self.combos[key], self.labels[key] = combo, QLabel()
            form.addRow(self.labels[key], combo)
        self.special = QCheckBox()
        form.addRow(self.special)
        layout.addLayout(form)
        self.photo_path: Path | None = None  # chosen, not yet saved
        photo_row = QHBoxLayout()
        self.photo_button = QPushButton()
        self.photo_button.setObjectName("condition_photo")
        self.photo_button.clicked.connect(self.choose_photo)
        self.photo_name = QLabel()
        self.photo_name.setWordWrap(True)
        photo_row.addWidget(self.photo_button)
        photo_row.addWidget(self.photo_name, 1)
        layout.addLayout(photo_row)
        self.photo_preview = QLabel()
        self.photo_preview.setObjectName("condition_photo_preview")
        layout.addWidget(self.photo_preview)
        self.result = QLabel()
        self.result.setWordWrap(True)
        layout.addWidget(self.result)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save)
        layout.addWidget(self.save_button)
        layout.addStretch(1)
        self.retranslate()
        self.load(None)

    def retranslate(self) -> None:
        for key in self.signs:
            self.labels[key].setText(QCoreApplication.translate("ConditionPane", SIGN_NAMES[key]) + ":")
            for level, text in enumerate(SEVERITIES):
                self.combos[key].setItemText(level, QCoreApplication.translate("ConditionPane", text))
        self.special.setText(self.tr("Tài liệu có giá trị đặc biệt"))
        self.save_button.setText(self.tr("Ghi đánh giá tình trạng"))
        self.photo_button.setText(self.tr("Ảnh hư hỏng…"))
        self.photo_button.setToolTip(self.tr("Chọn ảnh chụp hư hỏng (JPEG, PNG, TIFF) để lưu kèm lần đánh giá này"))
        self._photo_name_text()

    def load(self, code: str | None) -> None:
        self.code = code
        latest: dict[str, Any] | None = workbench.latest_condition(self.session, code) if code else None
        for key, combo in self.combos.items():
            combo.setCurrentIndex(int((latest or {}).get(key) or 0))
            combo.setEnabled(code is not None)
        self.special.setChecked(bool((latest or {}).get("special_value")))
        self.save_button.setEnabled(code is not None)
        self.photo_button.setEnabled(code is not None)
        self.result.setText(self._priority_text(latest) if latest else "")
        self.set_photo(None)
        self._show_photo((latest or {}).get("photo_sha256"))

    # -- photo of the damage ------------------------------------------------------------------------------
    def choose_photo(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("Ảnh hư hỏng"), "",
                                                    self.tr("Ảnh (*.jpg *.jpeg *.png *.tif *.tiff)"))
        if path:
            self.set_photo(Path(path))

    def set_photo(self, path: Path | None) -> None:
        """The photo to store with the next saved assessment (checked when saving)."""
        self.photo_path = path
        self._photo_name_text()

    def _photo_name_text(self) -> None:
        self.photo_name.setText(self.tr("Sẽ lưu kèm: %1").replace("%1", self.photo_path.name)
                                if self.photo_path else "")

    def _show_photo(self, sha256: str | None) -> None:
        """A thumbnail of the newest assessment's photo; nothing when there is none."""
        self.photo_preview.clear()
        if not sha256:
            return
        target = self.session.home / "cache" / "thumbs" / f"{sha256}.png"
        try:
            if not target.exists():
                make_thumbnail(workbench.object_path(self.session, sha256), target)
        except Exception:  # noqa: BLE001 - a missing object is the audit's to report; the pane says so briefly
            self.photo_preview.setText(self.tr("(không xem trước được ảnh hư hỏng)"))
            return
        self.photo_preview.setPixmap(QPixmap(str(target)))

    def _priority_text(self, row: dict[str, Any]) -> str:
        return self.tr("Điểm %1 · mức ưu tiên %2 · %3").replace("%1", str(row["score"])).replace(
            "%2", str(row["priority"])).replace("%3", str(row.get("assessor") or ""))

    def save(self) -> bool:
        if not self.code:
            return False
        signs = {key: str(combo.currentIndex()) for key, combo in self.combos.items()}
        try:
            result = ops.assess_condition(self.session, self.code, signs, assessor=None,
                                          special_value=self.special.isChecked(), photo=self.photo_path)
        except Exception as exc:  # noqa: BLE001
            self.result.setText(describe(exc, self.lang))
            return False
        self.result.setText(self.tr("Điểm %1 · mức ưu tiên %2").replace("%1", str(result["score"]))
                            .replace("%2", str(result["priority"])))
        if self.photo_path is not None:
            self.set_photo(None)
            self._show_photo(workbench.latest_condition(self.session, self.code).get("photo_sha256"))
        self.saved.emit(self.code)
        return True
