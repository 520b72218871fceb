"""The window's background work: devices, scans, the cleanup/OCR queue and exports, with the status bar's
progress bar, time left and Cancel. Every run is a ``TaskRunner`` task (``background``); results come back
as queued signals.

Part of ``MainWindow`` (a mixin: the window's state and widgets live there). Its strings are translated in the
"MainWindow" context (``QCoreApplication.translate``), the one ``self.tr`` gives at run time, so they stay where
the .ts has them.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

from app.i18n import tr as message_text  # the core message catalogue (not Qt: lupdate must not see it)
from app.workflow import workbench

from . import background
from .workers import Task

DEMO_DEVICE = "test:0"


class BackgroundWork:
    """Scans, queues and exports run off the GUI thread; the window hears back by signals."""

    def _task_started(self, text: str) -> None:
        self._task_started_at = time.monotonic()
        self.task_label.setText(text)
        self.task_bar.setRange(0, 0)
        self.task_remaining.clear()
        self.task_box.show()

    def _task_progress(self, done: int, total: int) -> None:
        if total <= 0:
            self.task_bar.setRange(0, 0)
            return
        self.task_bar.setRange(0, total)
        self.task_bar.setValue(min(done, total))
        elapsed = time.monotonic() - self._task_started_at
        if done > 0 and done < total:
            left = int(elapsed / done * (total - done))
            self.task_remaining.setText(QCoreApplication.translate("MainWindow", "còn khoảng %1 giây").replace("%1", str(max(left, 1))))

    def _task_ended(self) -> None:
        if self.scan_task is None and self.queue_task is None and self.export_task is None:
            self.task_box.hide()


    # -- scanning ---------------------------------------------------------------------------------------------
    def find_devices(self) -> None:
        """List the scanners in the background (SANE probing takes seconds); the demo scanner is among them."""
        task = Task(lambda cancel, progress: background.devices(self.session.home, cancel, progress))
        task.signals.finished.connect(self._on_devices)
        task.signals.failed.connect(lambda exc: self._say_error(exc))
        self.runner.start(task)

    def _on_devices(self, devices: list[dict[str, Any]]) -> None:
        if self._closed:
            return
        current = self.device_combo.currentData()
        self.device_combo.clear()
        for device in devices:
            label = QCoreApplication.translate("MainWindow", "Máy quét thử") if device.get("demo") else f"{device.get('vendor', '')} " \
                                                                       f"{device.get('model', '')}".strip()
            self.device_combo.addItem(label or device["id"], device["id"])
        if current:
            self.set_device(current)
        self.update_status()
        self.devices_loaded.emit(devices)

    def set_device(self, device_id: str) -> None:
        at = self.device_combo.findData(device_id)
        if at < 0:
            self.device_combo.addItem(QCoreApplication.translate("MainWindow", "Máy quét thử") if device_id == DEMO_DEVICE else device_id, device_id)
            at = self.device_combo.count() - 1
        self.device_combo.setCurrentIndex(at)
        self.update_status()

    def start_scan(self, *, pages: int | None = 1, adf: bool = False, rescan_page_id: int | None = None
                   ) -> Task | None:
        """Scan into the current dossier in a worker: ``pages`` sheets from the flatbed, the whole feeder
        (``adf``), or one page into the slot of ``rescan_page_id``. Each stored page appears in the strip."""
        if self.scan_task is not None:
            return None
        if not self.current_code:
            self.statusBar().showMessage(QCoreApplication.translate("MainWindow", "Chọn một hồ sơ trước khi quét."), 8000)
            return None
        device = self.device_combo.currentData() or DEMO_DEVICE
        order = background.ScanOrder(self.current_code, device, self.profile_combo.currentData(), pages, adf,
                                     rescan_page_id, self.scan_resolution)
        operator = self._operator_name()
        home = self.session.home
        task = Task(lambda cancel, progress: background.scan(home, operator, order, cancel, progress))
        task.signals.progress.connect(self._on_scan_progress)
        task.signals.finished.connect(self._on_scan_finished)
        task.signals.failed.connect(self._on_scan_failed)
        self.scan_task = task
        self._task_started(QCoreApplication.translate("MainWindow", "Đang quét lại trang…") if rescan_page_id else QCoreApplication.translate("MainWindow", "Đang quét…"))
        self._update_actions()
        self.update_status()
        self.runner.start(task)
        return task

    def rescan_page(self, page_id: int | None) -> Task | None:
        """Rescan exactly this page into its slot (the page the checker rejected)."""
        if page_id is None:
            return None
        return self.start_scan(pages=1, rescan_page_id=page_id)

    def start_preview(self) -> Task | None:
        device = self.device_combo.currentData() or DEMO_DEVICE
        home = self.session.home
        task = Task(lambda cancel, progress: background.preview(home, device, cancel, progress))
        task.signals.finished.connect(lambda path: self.viewer.show_page({"id": 0, "preview": True}, Path(path), None))
        task.signals.failed.connect(self._say_error)
        self.runner.start(task)
        return task

    def stop(self) -> None:
        """Stop the scan (after the page being stored) and the queues; nothing stored is lost."""
        for task in (self.scan_task, self.queue_task, self.export_task):
            if task is not None:
                task.cancel()
        self.task_label.setText(QCoreApplication.translate("MainWindow", "Đang dừng…"))

    def _on_scan_progress(self, done: int, total: int, key: str, params: dict[str, Any]) -> None:
        if key == background.PAGE_STORED:
            self.reload_pages()
            record = params.get("record")
            if record is not None:
                self.select_page(record.page_id)
            self.task_label.setText(QCoreApplication.translate("MainWindow", "Đã lưu %1 trang").replace("%1", str(done)))
            self._task_progress(done, total)

    def _on_scan_finished(self, outcome: Any) -> None:
        self.scan_task = None
        self.last_scan = outcome
        self._task_ended()
        self._update_actions()
        code = self.current_code
        after, self._insert_after = self._insert_after, None
        if after is not None and outcome.pages and code:
            ids = self.pages_model.page_ids()
            new = [p.page_id for p in outcome.pages]
            rest = [i for i in ids if i not in new]
            at = rest.index(after) + 1 if after in rest else len(rest)
            self.store_order(rest[:at] + new + rest[at:])
        if code:
            self.refresh_dossier(code)
            self._show_qc_status()
        if outcome.error_key:
            self._tell(QMessageBox.Icon.Warning, QCoreApplication.translate("MainWindow", "Quét chưa xong."),
                       message_text(outcome.error_key, self.translations.language, **outcome.error_params))
        else:
            self.statusBar().showMessage(QCoreApplication.translate("MainWindow", "Đã quét %1 trang.").replace("%1", str(len(outcome.pages))), 8000)
        self.update_status()
        self.start_queue()
        self.scan_done.emit(outcome)

    def _on_scan_failed(self, exc: BaseException) -> None:
        self.scan_task = None
        self._task_ended()
        self._update_actions()
        self._say_error(exc)
        self.update_status()
        self.scan_done.emit(exc)

    # -- background queues ------------------------------------------------------------------------------------
    def start_queue(self) -> Task | None:
        """Clean (and OCR) waiting pages in a worker; started after each scan, restarted while work waits."""
        if self._closed:
            return None
        if self.queue_task is not None:
            self._queue_again = True
            return None
        counts = workbench.queue_counts(self.session)
        if not counts["clean"] and not (self.ocr_in_background and counts["ocr"]):
            return None
        operator, home, with_ocr = self._operator_name(), self.session.home, self.ocr_in_background
        task = Task(lambda cancel, progress: background.run_queues(home, operator, with_ocr, cancel, progress))
        task.signals.progress.connect(lambda done, total, _key, _params: self._task_progress(done, total))
        task.signals.finished.connect(self._on_queue_finished)
        task.signals.failed.connect(self._on_queue_finished)
        self.queue_task = task
        if self.scan_task is None:
            self._task_started(QCoreApplication.translate("MainWindow", "Đang xử lý ảnh…"))
        self.runner.start(task)
        return task

    def _on_queue_finished(self, result: Any) -> None:
        self.queue_task = None
        self._task_ended()
        if self._closed:
            return
        if isinstance(result, BaseException):
            self._say_error(result)
        if self.current_code:
            self.refresh_dossier(self.current_code)
        self.update_status()
        again, self._queue_again = self._queue_again, False
        if again or (not isinstance(result, BaseException) and not result.get("cancelled")
                     and workbench.queue_counts(self.session)["clean"]):
            self.start_queue()
        self.queue_done.emit(result)

    @property
    def busy(self) -> bool:
        return self.scan_task is not None or self.queue_task is not None or self.export_task is not None

    # -- export -----------------------------------------------------------------------------------------------
    def start_export(self, destinations: Sequence[Path], codes: Sequence[str] | None = None) -> Task | None:
        """Package the dossiers (default: the current one), copy them to each destination folder and verify
        every copy, in a worker; the register shows the verified copies when it ends."""
        codes = list(codes or ([self.current_code] if self.current_code else []))
        if self.export_task is not None or not codes:
            return None
        home, operator, actor = self.session.home, self._operator_name(), self.actor
        targets = [Path(d) for d in destinations]
        task = Task(lambda cancel, progress: background.export(home, operator, actor, codes, targets, cancel,
                                                               progress))
        task.signals.progress.connect(lambda done, total, _key, _params: self._task_progress(done, total))
        task.signals.finished.connect(lambda report, codes=codes: self._on_export_finished(report, codes))
        task.signals.failed.connect(lambda exc, codes=codes: self._on_export_finished(exc, codes))
        self.export_task = task
        self._task_started(QCoreApplication.translate("MainWindow", "Đang xuất và kiểm tra bản sao…"))
        self.update_status()
        self.runner.start(task)
        return task

    def _on_export_finished(self, result: Any, codes: list[str]) -> None:
        self.export_task = None
        self.last_export = result
        self._task_ended()
        if self._closed:
            return
        for code in codes:
            self.refresh_dossier(code)
        if isinstance(result, BaseException):
            self._say_error(result)
        else:
            good = sum(1 for c in result.copies if c.status == "ok")
            self.statusBar().showMessage(QCoreApplication.translate("MainWindow", "Đã xuất và kiểm tra %1/%2 bản sao.")
                                         .replace("%1", str(good)).replace("%2", str(len(result.copies))), 15000)
            if not result.ok:
                problems = [message_text(c.error_key, self.translations.language, **c.error_params)
                            for c in result.copies if c.error_key]
                self._tell(QMessageBox.Icon.Warning, QCoreApplication.translate("MainWindow", "Có bản sao chưa đạt."), "\n".join(problems))
        self.update_status()
        self.export_done.emit(result)

