"""The strip's page actions: show, select, reorder, split, delete and restore, turn, insert a scan.

Part of ``MainWindow`` (a mixin: the window's state and widgets live there). Its strings are translated in the
"MainWindow" context (``QCoreApplication.translate``), the one ``self.tr`` gives at run time, so they stay where
the .ts has them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex

from app.i18n import tr as message_text  # the core message catalogue (not Qt: lupdate must not see it)
from app.workflow import texts, workbench

from .page_model import PAGE_ROLE
from .qc_panel import review_order
from .workers import Task

DEMO_DEVICE = "test:0"


class PageActions:
    """The current dossier's pages in the strip and what the operator does to them."""

    # -- pages ----------------------------------------------------------------------------------------------
    def reload_pages(self) -> None:
        """Show the current dossier's pages in the strip, keeping the current page when it is still there."""
        keep = self.current_page_id()
        pages = workbench.dossier_pages(self.session, self.current_code) if self.current_code else []
        self.pages_model.set_pages(pages)
        if keep is not None and self.pages_model.row_of(keep) >= 0:
            self.select_page(keep)
        elif pages:
            self.select_page(pages[-1]["id"] if not self.review_mode else review_order(pages)[0])
        else:
            self.viewer.show_page(None, None, None)
            self.qc_panel.show_page(None)
            self.document_form.load(None)
        self._show_qc_status()
        self.pages_loaded.emit()

    def current_page_id(self) -> int | None:
        index = self.strip.currentIndex()
        page = index.data(PAGE_ROLE) if index.isValid() else None
        return page["id"] if page else None

    def current_page(self) -> dict[str, Any] | None:
        index = self.strip.currentIndex()
        return index.data(PAGE_ROLE) if index.isValid() else None

    def select_page(self, page_id: int | None) -> None:
        row = self.pages_model.row_of(page_id) if page_id is not None else -1
        if row < 0:
            return
        index = self.pages_model.index(row)
        if self.strip.currentIndex() == index:
            self._show_page(self.pages_model.page_at(row))
        else:
            self.strip.setCurrentIndex(index)
        self.strip.scrollTo(index)

    def _on_page_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_page(current.data(PAGE_ROLE) if current.isValid() else None)

    def _show_page(self, page: dict[str, Any] | None) -> None:
        self.qc_panel.show_page(page)
        if page is None:
            self.viewer.show_page(None, None, None)
            self.document_form.load(None)
            return
        if page["document_id"] != self.document_form.document_id:
            self.document_form.load(workbench.document_detail(self.session, page["document_id"]))
        lang = self.translations.language
        flags = [message_text(f.get("reason", ""), lang, value=f.get("value"), threshold=f.get("threshold"))
                 for f in page.get("flags", []) if f.get("reason")]
        low: list[dict[str, Any]] = []
        try:
            shown = texts.page_text(self.session, page["id"])
            low = [w for part in shown["parts"] if part["part"] == 1 for w in part["low_confidence"]]
        except Exception:  # noqa: BLE001 - no text yet is the usual case, not an error
            low = []
        master = workbench.object_path(self.session, page["sha256"])
        cleaned = workbench.object_path(self.session, page["access_sha256"]) if page["access_sha256"] else None
        self.viewer.show_page(page, master, cleaned, flag_texts=flags, low_confidence=low)

    def store_order(self, page_ids: list[int]) -> bool:
        """Store a new page order (from a drag or a keyboard move); a refusal is said, nothing moves."""
        if not self.current_code:
            return False
        try:
            workbench.reorder_dossier(self.session, self.current_code, page_ids)
        except Exception as exc:  # noqa: BLE001
            self._say_error(exc)
            return False
        self.reload_pages()
        return True

    def move_page(self, page_id: int, to_row: int) -> bool:
        """Move one page to position ``to_row`` of the strip (what a drag does)."""
        row = self.pages_model.row_of(page_id)
        if row < 0:
            return False
        before = to_row + 1 if to_row > row else to_row
        ok = self.store_order(self.pages_model.moved_order([row], before))
        self.select_page(page_id)
        return ok

    def _nudge(self, step: int) -> None:
        page_id = self.current_page_id()
        if page_id is not None:
            self.move_page(page_id, max(0, self.pages_model.row_of(page_id) + step))

    def split_at(self, page_id: int | None) -> bool:
        """Start a new document at this page (it and those after it in its document)."""
        if page_id is None:
            return False
        try:
            workbench.split_document(self.session, page_id)
        except Exception as exc:  # noqa: BLE001
            self._say_error(exc)
            return False
        self.refresh_dossier(self.current_code) if self.current_code else None
        return True

    def delete_page(self, page_id: int | None) -> bool:
        """Move the page to the recoverable bin (an administrator's act once the station has accounts)."""
        if page_id is None:
            return False
        try:
            self.binned.append(workbench.delete_page(self.session, page_id, actor=self.actor))
        except Exception as exc:  # noqa: BLE001 - wrong role, page gone: said, nothing moved
            self._say_error(exc)
            return False
        if self.current_code:
            self.refresh_dossier(self.current_code)
        self.statusBar().showMessage(QCoreApplication.translate("MainWindow", "Đã chuyển trang vào thùng rác (Ctrl+Shift+Z để lấy lại)."), 8000)
        return True

    def rotate_page(self, page_id: int | None, degrees: int) -> int | None:
        """Turn the page for good (+90 = counter-clockwise): its cleaned image is made again in the background
        from the master turned so; the master is not changed."""
        if page_id is None:
            return None
        try:
            turned = workbench.rotate_page(self.session, page_id, degrees)
        except Exception as exc:  # noqa: BLE001
            self._say_error(exc)
            return None
        self.start_queue()
        self.statusBar().showMessage(QCoreApplication.translate("MainWindow", "Trang sẽ được xử lý lại, xoay %1°.").replace("%1", str(turned)), 8000)
        return turned

    def restore_last_deleted(self) -> int | None:
        """Put the page deleted last from this window back in its slot."""
        if not self.binned:
            return None
        try:
            page_id = workbench.restore_page(self.session, self.binned[-1], actor=self.actor)
        except Exception as exc:  # noqa: BLE001
            self._say_error(exc)
            return None
        self.binned.pop()
        if self.current_code:
            self.refresh_dossier(self.current_code)
        self.select_page(page_id)
        return page_id

    def insert_scan_here(self) -> Task | None:
        """Scan one page and put it right after the current page."""
        after = self.current_page_id()
        task = self.start_scan(pages=1)
        if task is not None and after is not None:
            self._insert_after = after
        return task

