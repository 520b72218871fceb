"""Display words for values the core stores as codes (dossier states, yes/no), translated by Qt.

The core keeps English identifiers (``registered``, ``scanning``…); what the operator reads is decided here,
at the edge. ``QT_TRANSLATE_NOOP`` marks the strings for ``pyside6-lupdate``; ``translate`` looks them up in
whichever language is installed when they are shown.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

STATES = {
    "registered": QT_TRANSLATE_NOOP("Labels", "Đã đăng ký"),
    "scanning": QT_TRANSLATE_NOOP("Labels", "Đang số hóa"),
    "qc": QT_TRANSLATE_NOOP("Labels", "Chờ kiểm tra"),
    "approved": QT_TRANSLATE_NOOP("Labels", "Đã duyệt"),
    "packaged": QT_TRANSLATE_NOOP("Labels", "Đã đóng gói"),
}
_YES = QT_TRANSLATE_NOOP("Labels", "Có")
_NO = QT_TRANSLATE_NOOP("Labels", "Không")
EMPTY = "—"


def translate(text: str) -> str:
    return QCoreApplication.translate("Labels", text)


def state_label(state: str | None) -> str:
    return translate(STATES[state]) if state in STATES else (state or EMPTY)


def field_value(field: dict[str, Any], value: Any) -> str:
    """A stored TT05 value as the operator reads it: codes with their names, booleans as yes/no."""
    if value is None or value == "":
        return EMPTY
    text = str(value)
    if field["kind"] in ("code", "codes") and field["codes"]:
        names = [f"{code} — {field['codes'].get(code, '?')}" for code in text.split(",")]
        return "; ".join(names)
    if field["kind"] == "bool":
        return translate(_YES) if text == "1" else translate(_NO)
    return text
