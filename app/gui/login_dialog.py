"""Sign in or switch operator: the account's name and PIN (never shown), checked by ``accounts.sign_in``.

Shown at start when the station has accounts, and from *Đổi người dùng*. In single-user mode (no accounts)
it is never shown; the window records the session's operator.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from app.i18n import describe
from app.workflow import accounts
from app.workflow.context import Session


class LoginDialog(QDialog):
    def __init__(self, session: Session, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.lang = lang
        self.actor: accounts.Actor | None = None
        self.setWindowTitle(self.tr("Đăng nhập"))
        self.name = QComboBox()
        self.name.setObjectName("login_name")
        self.name.setEditable(True)
        for row in accounts.list_accounts(session):
            if row["active"]:
                self.name.addItem(f"{row['name']}", row["name"])
        self.pin = QLineEdit()
        self.pin.setObjectName("login_pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setObjectName("login_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._try)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Tài khoản:"), self.name)
        form.addRow(self.tr("Mã PIN:"), self.pin)
        form.addRow(self.message)
        form.addRow(buttons)

    def sign_in(self, name: str, pin: str) -> bool:
        """Check the PIN; on success the dialog closes with ``actor`` set, else it says why and stays open."""
        try:
            self.actor = accounts.sign_in(self.session, name, pin)
        except Exception as exc:  # noqa: BLE001 - wrong name or PIN: said in the dialog
            self.pin.clear()
            self.message.setText(describe(exc, self.lang))
            return False
        self.accept()
        return True

    def _try(self) -> None:
        self.sign_in(self.name.currentText().strip(), self.pin.text())
