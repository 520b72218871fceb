"""Opening the home folder from the window, and creating it when it does not exist yet.

The first start on a new machine should not send the operator to a terminal for ``saoluu init``: the window
asks for the station name and calls the same ``context.init_home``.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.workflow import context
from app.workflow.errors import WorkflowError

AskStation = Callable[[Path], "str | None"]


class StationDialog(QDialog):
    """Asks for the name of this scanning station (recorded in every event and package)."""

    def __init__(self, home: Path, default_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Tạo dữ liệu SaoLưu"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Chưa có dữ liệu SaoLưu tại:\n%1\n\nTạo mới tại đây? Tên trạm được ghi vào "
                               "nhật ký và các gói xuất.").replace("%1", str(home)))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.name = QLineEdit(default_name)
        self.name.selectAll()
        form.addRow(self.tr("Tên trạm:"), self.name)
        layout.addLayout(form)
        buttons = QDialogButtonBox()
        self.create_button = buttons.addButton(self.tr("Tạo"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Thoát"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.name.textChanged.connect(lambda text: self.create_button.setEnabled(bool(text.strip())))
        layout.addWidget(buttons)

    def station_name(self) -> str:
        return self.name.text().strip()


def ask_station_name(home: Path) -> str | None:
    dialog = StationDialog(home, socket.gethostname())
    return dialog.station_name() if dialog.exec() == QDialog.DialogCode.Accepted else None


def open_home(home: Path, operator: str | None, lang: str,
              ask: AskStation | None = None) -> context.Session | None:
    """The session for ``home``; if it is not initialised, ask for a station name and create it.
    ``None`` when the operator declines."""
    try:
        return context.open_session(home, operator=operator)
    except WorkflowError as exc:
        if exc.key != "home.not_initialised":
            raise
    name = (ask or ask_station_name)(home)
    if not name:
        return None
    return context.init_home(home, station_name=name, operator=operator, language=lang)
