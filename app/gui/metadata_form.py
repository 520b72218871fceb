"""The right pane's metadata forms: every Thông tư 05 field of the dossier, and of the document the current
page belongs to, editable, checked as the operator types.

Field rules come from ``workbench.form_fields`` and each typed value is checked by ``workbench.check_field``
(the same rules the catalogue applies on save), so the message under a field is the one a save would give.
Code lists are drop-downs. "Giống hồ sơ trước" copies the previous dossier's values into the empty fields
(a box of dossiers usually shares retention, access regime, language and dates). A dossier form also has
templates ("Mẫu"): the shared values saved under a name (``workflow.templates``) and filled in on choice. Saving goes through
``catalogue_ops.edit_dossier``; a refusal is shown in the form and nothing is written.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.i18n import describe
from app.workflow import catalogue_ops as ops
from app.workflow import templates, workbench
from app.workflow.context import Session

NOT_COPIED = {  # fields "same as previous" leaves alone: they identify or describe this one record
    "dossier": ("fileCode", "title", "paperFileCode", "numberOfPaper", "numberOfPage", "totalDoc", "description"),
    "document": ("codeNumber", "codeNotation", "issuedDate", "subject", "numberOfPage", "autograph", "description"),
}
ERROR_STYLE = "color: #b00020;"


class MetadataForm(QScrollArea):
    saved = Signal(str)  # the dossier code, after a successful save

    def __init__(self, session: Session, parent: QWidget | None = None, *, kind: str = "dossier") -> None:
        """``kind``: "dossier" (the dossier's fields) or "document" (the fields of one document in it)."""
        super().__init__(parent)
        self.session = session
        self.kind = kind
        self.document_id: int | None = None
        self.setWidgetResizable(True)
        self.lang = "vi"
        self.code: str | None = None
        self.values: dict[str, Any] = {}
        self.previous: dict[str, Any] = {}
        self.fields = workbench.form_fields(kind)
        self.editors: dict[str, QLineEdit | QComboBox | QCheckBox] = {}
        self.errors: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        body = QWidget()
        outer = QVBoxLayout(body)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        outer.addWidget(self.heading)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for field in self.fields:
            editor = self._editor(field)
            editor.setObjectName(f"field_{field['name']}")
            error = QLabel()
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            box = QWidget()
            col = QVBoxLayout(box)
            col.setContentsMargins(0, 0, 0, 0)
            col.addWidget(editor)
            col.addWidget(error)
            label = QLabel()
            self.editors[field["name"]], self.errors[field["name"]], self.labels[field["name"]] = editor, error, label
            form.addRow(label, box)
        outer.addLayout(form)
        self.message = QLabel()
        self.message.setObjectName("form_message")
        self.message.setWordWrap(True)
        outer.addWidget(self.message)
        buttons = QHBoxLayout()
        self.same_button = QPushButton()
        self.same_button.setObjectName("same_as_previous")
        self.same_button.clicked.connect(self.same_as_previous)
        self.save_button = QPushButton()
        self.save_button.setObjectName("save_metadata")
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.same_button)
        self.template_label = QLabel()
        self.template_combo = QComboBox()
        self.template_combo.setObjectName("template_choice")
        self.template_combo.activated.connect(self._template_chosen)
        self.template_save = QPushButton()
        self.template_save.setObjectName("save_template")
        self.template_save.clicked.connect(lambda: self.save_as_template())
        template_row = QHBoxLayout()  # its own row: the right pane is narrow
        template_row.addWidget(self.template_label)
        template_row.addWidget(self.template_combo, 1)
        template_row.addWidget(self.template_save)
        outer.addLayout(template_row)
        if kind != "dossier":  # templates are of dossier fields
            for widget in (self.template_label, self.template_combo, self.template_save):
                widget.hide()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        outer.addLayout(buttons)
        outer.addStretch(1)
        self.setWidget(body)
        self.retranslate()
        self.load(None)

    def _editor(self, field: dict[str, Any]) -> QLineEdit | QComboBox | QCheckBox:
        name = field["name"]
        if field["kind"] == "code":
            combo = QComboBox()
            if not field["required"]:
                combo.addItem("", "")
            for code, label in field["codes"].items():
                combo.addItem(f"{code} — {label}", code)
            combo.currentIndexChanged.connect(lambda _i, n=name: self._check(n))
            return combo
        if field["kind"] == "bool":
            check = QCheckBox()
            check.toggled.connect(lambda _c, n=name: self._check(n))
            return check
        edit = QLineEdit()
        if field["max_len"]:
            edit.setMaxLength(field["max_len"] + 50)  # a too-long value is shown with its message, not cut
        if field["kind"] == "codes":
            edit.setToolTip("; ".join(f"{c} {label}" for c, label in field["codes"].items()))
        edit.textChanged.connect(lambda _t, n=name: self._check(n))
        return edit

    def retranslate(self) -> None:
        for field in self.fields:
            label = field["label_en"] if self.lang == "en" else field["label_vi"]
            self.labels[field["name"]].setText(label + (" *" if field["required"] else "") + ":")
            if field["kind"] == "date":
                self.editors[field["name"]].setPlaceholderText(self.tr("dd/mm/yyyy, mm/yyyy hoặc yyyy"))
        if self.kind == "document":
            self.same_button.setText(self.tr("Giống tài liệu trước"))
            self.same_button.setToolTip(self.tr("Điền các ô còn trống bằng giá trị của tài liệu xem trước đó"))
        else:
            self.same_button.setText(self.tr("Giống hồ sơ trước"))
            self.same_button.setToolTip(self.tr("Điền các ô còn trống bằng giá trị của hồ sơ xem trước đó"))
        self.save_button.setText(self.tr("Lưu thông tin"))
        self.template_label.setText(self.tr("Mẫu:"))
        self.template_combo.setToolTip(self.tr("Điền các trường dùng chung (thời hạn, chế độ sử dụng, ngôn ngữ…) "
                                               "từ một mẫu đã lưu"))
        self.template_save.setText(self.tr("Lưu làm mẫu…"))
        self.template_save.setToolTip(self.tr("Lưu các trường dùng chung của biểu mẫu này thành một mẫu có tên "
                                              "(không lưu mã, tiêu đề, thời gian, số lượng)"))
        self._fill_template_names()
        self._heading()

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.retranslate()
        for name in self.editors:
            self._check(name)

    def _heading(self) -> None:
        if self.kind == "document":
            self.heading.setText(self.tr("Tài liệu %1").replace("%1", self.code) if self.code
                                 else self.tr("Chọn một trang để nhập thông tin tài liệu của nó."))
            return
        self.heading.setText(self.tr("Hồ sơ %1").replace("%1", self.code) if self.code
                             else self.tr("Chọn một hồ sơ để nhập thông tin."))

    # -- values -------------------------------------------------------------------------------------------
    def load(self, detail: dict[str, Any] | None) -> None:
        """Show a dossier's values (None: an empty, disabled form). The one shown before becomes "previous"."""
        code = self._code_of(detail)
        if self.code and detail and code != self.code:
            self.previous = dict(self.values)
        self.code = code
        self.document_id = detail["id"] if detail and self.kind == "document" else None
        self.values = {f["name"]: (detail or {}).get(f["name"]) for f in self.fields}
        for name, value in self.values.items():
            self.set_value(name, value or "")
        for editor in self.editors.values():
            editor.setEnabled(detail is not None)
        self.save_button.setEnabled(detail is not None)
        self.same_button.setEnabled(detail is not None and bool(self.previous))
        self.template_combo.setEnabled(detail is not None and self.template_combo.count() > 1)
        self.template_save.setEnabled(detail is not None)
        self.message.clear()
        self._heading()

    def _code_of(self, detail: dict[str, Any] | None) -> str | None:
        if not detail:
            return None
        return f"{detail['fileCode']}.{detail['docOrdinal']}" if self.kind == "document" else detail["fileCode"]

    def set_value(self, name: str, text: str) -> None:
        editor = self.editors[name]
        if isinstance(editor, QComboBox):
            at = editor.findData(text)
            editor.setCurrentIndex(at if at >= 0 else 0)
        elif isinstance(editor, QCheckBox):
            editor.setChecked(text == "1")
        else:
            editor.setText(text)
        self._check(name)

    def value(self, name: str) -> str:
        editor = self.editors[name]
        if isinstance(editor, QComboBox):
            return str(editor.currentData() or "")
        if isinstance(editor, QCheckBox):
            return "1" if editor.isChecked() else "0"
        return editor.text()

    def changes(self) -> dict[str, str]:
        """What the operator changed, field by field."""
        return {name: self.value(name) for name in self.editors
                if self.value(name) != (self.values.get(name) or ("0" if self._kind(name) == "bool" else ""))}

    def error_text(self, name: str) -> str:
        label = self.errors[name]
        return label.text() if not label.isHidden() else ""

    def _kind(self, name: str) -> str:
        return next(f["kind"] for f in self.fields if f["name"] == name)

    def _check(self, name: str) -> None:
        problem = workbench.check_field(name, self.value(name), self.kind) if self.code else None
        label = self.errors[name]
        if problem is None:
            label.hide()
            label.clear()
        else:
            label.setText(describe(problem, self.lang))
            label.show()

    # -- actions ------------------------------------------------------------------------------------------
    def same_as_previous(self) -> None:
        for name, value in self.previous.items():
            if name not in NOT_COPIED[self.kind] and value and not self.value(name).strip():
                self.set_value(name, value)

    def _fill_template_names(self) -> None:
        """The combo: a prompt, then every saved template by name."""
        names = templates.template_names(self.session, self.kind) if self.kind == "dossier" else []
        self.template_combo.clear()
        self.template_combo.addItem(self.tr("— chọn mẫu —"), "")
        for name in names:
            self.template_combo.addItem(name, name)
        self.template_combo.setEnabled(self.code is not None and bool(names))

    def _template_chosen(self, index: int) -> None:
        name = self.template_combo.itemData(index)
        if name:
            self.apply_template(name)
        self.template_combo.setCurrentIndex(0)  # the same template can be applied again to the next dossier

    def apply_template(self, name: str) -> bool:
        """Fill the template's fields (the identifying ones are never in it); the operator still saves."""
        try:
            values = templates.load_template(self.session, name, self.kind)
        except Exception as exc:  # noqa: BLE001 - said in the form, in the user's language
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(describe(exc, self.lang))
            return False
        for field_name, value in values.items():
            if field_name in self.editors:
                self.set_value(field_name, value)
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Đã điền theo mẫu \"%1\"; bấm Lưu thông tin để ghi.").replace("%1", name))
        return True

    def save_as_template(self, name: str | None = None) -> bool:
        """Save the form's shared values as a template; without ``name`` the operator is asked for one."""
        if name is None:
            name, ok = QInputDialog.getText(self, self.tr("Lưu làm mẫu"), self.tr("Tên mẫu:"))
            if not ok:
                return False
        try:
            kept = templates.save_template(self.session, name, {n: self.value(n) for n in self.editors}, self.kind)
        except Exception as exc:  # noqa: BLE001 - said in the form, in the user's language
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(describe(exc, self.lang))
            return False
        self._fill_template_names()
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Đã lưu mẫu \"%1\" (%2 trường).").replace("%1", name.strip())
                             .replace("%2", str(len(kept))))
        return True

    def save(self) -> bool:
        """Store the changed fields; a refusal is shown under the form and nothing is written."""
        if not self.code:
            return False
        changes = self.changes()
        if not changes:
            self.message.setStyleSheet("")
            self.message.setText(self.tr("Không có gì thay đổi."))
            return True
        try:
            if self.kind == "document" and self.document_id is not None:
                workbench.edit_document(self.session, self.document_id, changes)
            else:
                ops.edit_dossier(self.session, self.code, changes)
        except Exception as exc:  # noqa: BLE001 - every refusal is said in the form, in the user's language
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(describe(exc, self.lang))
            return False
        if self.kind == "document" and self.document_id is not None:
            detail = workbench.document_detail(self.session, self.document_id)
            code = detail["fileCode"]
        else:
            code = changes.get("fileCode") or self.code
            detail = ops.dossier_detail(self.session, code)
        self.previous = {f["name"]: detail.get(f["name"]) for f in self.fields}
        self.load(detail)
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Đã lưu %1 trường.").replace("%1", str(len(changes))))
        self.saved.emit(code)
        return True
