"""New dossier (and, if needed, new fonds) by hand, or a whole register from a spreadsheet.

The fields, their order, labels and code lists come from ``catalogue_ops.dossier_fields`` (Thông tư 05); the
rules are checked by the catalogue itself on save, and every broken rule is shown next to its field and listed
under the form in the operator's language, so one correction pass is enough. Nothing is written until every
rule holds (the new fonds and the dossier go in together or not at all).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.i18n import describe
from app.workflow import catalogue_ops as ops
from app.workflow import dossier_entry
from app.workflow.context import Session

NEW_FONDS = "__new__"
ERROR_STYLE = "color: #b00020;"
DATE_HINT = "dd/mm/yyyy"


class NewDossierDialog(QDialog):
    """Emits ``created(code)`` once the dossier is in the catalogue; ``from_register`` asks for the import."""

    created = Signal(str)
    from_register = Signal()

    def __init__(self, session: Session, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.lang = lang
        self.fields = ops.dossier_fields()
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.setWindowTitle(self.tr("Hồ sơ mới"))
        self.resize(640, 720)
        layout = QVBoxLayout(self)

        register_button = QPushButton(self.tr("Nhập cả danh mục từ tệp Excel/CSV…"))
        register_button.clicked.connect(self._ask_register)
        layout.addWidget(register_button)

        fonds_box = QGroupBox(self.tr("Phông"))
        fonds_form = QFormLayout(fonds_box)
        self.fonds = QComboBox()
        self.fonds.setObjectName("fonds")
        for row in ops.list_fonds(session):
            self.fonds.addItem(f"{row['code']} — {row['name']}", row["code"])
        self.fonds.addItem(self.tr("+ Phông mới…"), NEW_FONDS)
        self.fonds.currentIndexChanged.connect(self._fonds_changed)
        self.fonds_code = QLineEdit()
        self.fonds_code.setObjectName("fonds_code")
        self.fonds_name = QLineEdit()
        self.fonds_name.setObjectName("fonds_name")
        fonds_form.addRow(self.tr("Phông:"), self.fonds)
        self.fonds_code_label = QLabel(self.tr("Mã phông mới:"))
        self.fonds_name_label = QLabel(self.tr("Tên phông mới:"))
        fonds_form.addRow(self.fonds_code_label, self.fonds_code)
        fonds_form.addRow(self.fonds_name_label, self.fonds_name)
        layout.addWidget(fonds_box)

        body = QWidget()
        form = QFormLayout(body)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for field in self.fields:
            editor = self._editor(field)
            editor.setObjectName(field["name"])
            self.inputs[field["name"]] = editor
            error = QLabel()
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            self.errors[field["name"]] = error
            column = QVBoxLayout()
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(editor)
            column.addWidget(error)
            holder = QWidget()
            holder.setLayout(column)
            label = field["label_vi"] if lang == "vi" else field["label_en"]
            form.addRow(label + (" *" if field["name"] in ("fileCode", "title") else "") + ":", holder)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)

        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(self.tr("Lưu hồ sơ"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._fonds_changed()

    def _editor(self, field: dict[str, Any]) -> QWidget:
        kind = field["kind"]
        if kind in ("code", "codes"):
            combo = QComboBox()
            combo.addItem("—", "")
            for code, name in field["codes"].items():
                combo.addItem(f"{code} — {name}", code)
            default = {"maintenance": "01", "mode": "01", "language": "01", "confidenceLevel": "02",
                       "riskRecoveryStatus": "02"}.get(field["name"])
            if default:
                combo.setCurrentIndex(combo.findData(default))
            return combo
        if kind == "bool":
            box = QCheckBox()
            box.setChecked(field["name"] == "riskRecovery")
            return box
        if field["name"] == "description":
            text = QPlainTextEdit()
            text.setFixedHeight(70)
            return text
        line = QLineEdit()
        if kind == "date":
            line.setPlaceholderText(self.tr("dd/mm/yyyy, mm/yyyy hoặc yyyy"))
        return line

    def _fonds_changed(self) -> None:
        new = self.fonds.currentData() == NEW_FONDS
        for widget in (self.fonds_code, self.fonds_name, self.fonds_code_label, self.fonds_name_label):
            widget.setVisible(new)

    def _ask_register(self) -> None:
        self.from_register.emit()
        self.reject()

    def set_value(self, name: str, value: str) -> None:
        """Fill one field as the operator would (tests and the first-start tour use it)."""
        editor = self.inputs[name]
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(value), 0))
        elif isinstance(editor, QCheckBox):
            editor.setChecked(value == "1")
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText(value)
        else:
            editor.setText(value)

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, editor in self.inputs.items():
            if isinstance(editor, QComboBox):
                value: Any = editor.currentData() or None
            elif isinstance(editor, QCheckBox):
                value = "1" if editor.isChecked() else "0"
            elif isinstance(editor, QPlainTextEdit):
                value = editor.toPlainText().strip() or None
            else:
                value = editor.text().strip() or None
            if value is not None:
                out[name] = value
        return out

    def _clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear()
            label.hide()
        self.message.clear()

    def show_problems(self, exc: BaseException) -> None:
        """Each broken rule under its field, and the whole list under the form."""
        for problem in getattr(exc, "problems", []) or []:
            name = getattr(problem, "params", {}).get("field")
            if name in self.errors:
                self.errors[name].setText(describe(problem, self.lang))
                self.errors[name].show()
        self.message.setText(describe(exc, self.lang))

    def save(self) -> None:
        self._clear_errors()
        fonds = self.fonds.currentData()
        values = self.values()
        try:
            if fonds == NEW_FONDS:
                fonds = self.fonds_code.text().strip()
                if not fonds or not self.fonds_name.text().strip():
                    self.message.setText(self.tr("Nhập mã và tên của phông mới."))
                    return
                dossier_entry.add_dossier_in_new_fonds(self.session, fonds, self.fonds_name.text().strip(), values)
            else:
                ops.add_dossier(self.session, fonds, values)
        except Exception as exc:  # every rule the catalogue refuses is shown, nothing was written
            self.show_problems(exc)
            return
        self.created.emit(values["fileCode"])
        self.accept()
