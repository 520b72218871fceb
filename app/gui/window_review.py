"""The checker's review and the accounts: review mode, verdicts, sign-in and what the role allows.

Part of ``MainWindow`` (a mixin: the window's state and widgets live there). Its strings are translated in the
"MainWindow" context (``QCoreApplication.translate``), the one ``self.tr`` gives at run time, so they stay where
the .ts has them.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox

from app.workflow import accounts, qc

from .login_dialog import LoginDialog
from .qc_panel import review_order

DEMO_DEVICE = "test:0"


class ReviewActions:
    """The checker's verdicts and the signed-in account, always through ``app.workflow``."""

    # -- QC review ------------------------------------------------------------------------------------------
    def set_review_mode(self, on: bool) -> None:
        """The checker's mode: the QC panel in front, pages in review order (flagged first)."""
        self.review_mode = on
        if self.review_action.isChecked() != on:
            self.review_action.setChecked(on)
        if on:
            self.right.setCurrentWidget(self.qc_panel)
            pages = self.pages_model.pages()
            if pages:
                self.select_page(review_order(pages)[0])
        self._show_qc_status()

    def review_step(self, step: int) -> None:
        order = review_order(self.pages_model.pages())
        current = self.current_page_id()
        if not order:
            return
        at = order.index(current) if current in order else -1
        self.select_page(order[max(0, min(len(order) - 1, at + step))])

    def _rescan_badge(self, rejected: int) -> None:
        """The review tab says how many pages wait for a rescan, so the operator sees them without looking."""
        at = self.right.indexOf(self.qc_panel)
        text = QCoreApplication.translate("MainWindow", "Kiểm tra")
        self.right.setTabText(at, QCoreApplication.translate("MainWindow", "%1 (%2 trang cần quét lại)").replace("%1", text)
                              .replace("%2", str(rejected)) if rejected else text)

    def _show_qc_status(self) -> None:
        if not self.current_code:
            self.qc_panel.show_status(None, [])
            self._rescan_badge(0)
            return
        try:
            status = qc.status(self.session, self.current_code)
            rejected = qc.rejected_pages(self.session, self.current_code)
        except Exception as exc:  # noqa: BLE001
            self._say_error(exc)
            return
        self.qc_panel.show_status(status, rejected, self.translations.language)
        self._rescan_badge(len(rejected))

    def reject_page(self, page_id: int, reason: str) -> bool:
        try:
            qc.reject_page(self.session, page_id, reason, actor=self.actor)
        except Exception as exc:  # noqa: BLE001 - no reason, wrong role: said, nothing recorded
            self._say_error(exc)
            return False
        self.qc_panel.reason.clear()
        self._after_verdict()
        return True

    def accept_page(self, page_id: int | None) -> bool:
        if page_id is None:
            return False
        try:
            qc.accept_page(self.session, page_id, actor=self.actor)
        except Exception as exc:  # noqa: BLE001
            self._say_error(exc)
            return False
        self._after_verdict()
        if self.review_mode:
            self.review_step(1)
        return True

    def approve_dossier(self, accept_flagged: bool = False) -> bool:
        if not self.current_code:
            return False
        try:
            qc.approve_dossier(self.session, self.current_code, actor=self.actor, accept_flagged=accept_flagged)
        except Exception as exc:  # noqa: BLE001 - pages waiting, fields missing, wrong role: said
            self._say_error(exc)
            return False
        self._after_verdict()
        self.statusBar().showMessage(QCoreApplication.translate("MainWindow", "Đã duyệt hồ sơ %1.").replace("%1", self.current_code), 8000)
        return True

    def _approve_clicked(self) -> None:
        flagged = sum(p["qc_state"] == "flagged" for p in self.pages_model.pages())
        if not flagged:
            self.approve_dossier()
            return
        box = QMessageBox(QMessageBox.Icon.Question, QCoreApplication.translate("MainWindow", "Duyệt hồ sơ"),
                          QCoreApplication.translate("MainWindow", "%1 trang còn bị đánh dấu. Anh/chị đã xem và giữ tất cả các trang đó?")
                          .replace("%1", str(flagged)),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda result: self.approve_dossier(accept_flagged=True)
                             if result == QMessageBox.StandardButton.Yes else None)
        box.open()
        self.approve_box = box

    def submit_for_review(self) -> bool:
        """The operator hands the scanned dossier to the checker ('scanning' → 'qc')."""
        if not self.current_code:
            return False
        try:
            qc.submit(self.session, self.current_code)
        except Exception as exc:  # noqa: BLE001
            self._say_error(exc)
            return False
        self._after_verdict()
        return True

    def _after_verdict(self) -> None:
        if self.current_code:
            self.refresh_dossier(self.current_code)
        self._show_qc_status()

    # -- accounts -------------------------------------------------------------------------------------------
    def _operator_name(self) -> str:
        return self.actor.name if self.actor else self.session.catalogue.agent.operator

    def show_login(self) -> LoginDialog | None:
        """Ask who is at the station (when it has accounts); non-blocking."""
        if accounts.single_user(self.session):
            self.statusBar().showMessage(QCoreApplication.translate("MainWindow", "Trạm chưa có tài khoản: mọi người dùng chung một tên."), 8000)
            return None
        dialog = LoginDialog(self.session, self.translations.language, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._set_actor(dialog.actor))
        dialog.open()
        self.login_dialog = dialog
        return dialog

    def sign_in(self, name: str, pin: str) -> bool:
        try:
            actor = accounts.sign_in(self.session, name, pin)
        except Exception as exc:  # noqa: BLE001
            self._say_error(exc)
            return False
        self._set_actor(actor)
        return True

    def _set_actor(self, actor: accounts.Actor | None) -> None:
        self.actor = actor
        self._show_operator()
        self._update_actions()
        self.actor_changed.emit(actor)

    def _update_actions(self) -> None:
        scanning_now = getattr(self, "scan_task", None) is not None
        for action in (self.scan_action, self.feeder_action, self.preview_action):
            action.setEnabled(not scanning_now)
        self.stop_action.setEnabled(True)
        self.qc_panel.set_allowed(accounts.allowed(self.session, self.actor, "approve"))

