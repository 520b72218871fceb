"""Register import from Excel/CSV: see the rows first, import all or none, and every bad row named.

``app.workflow.register`` checks every row before writing any (all rows or none). This dialog shows the file
as read, runs the import on a worker, and on refusal lists each problem with its spreadsheet row and column and
marks those rows in the preview, so the operator fixes the file in one pass and presses "Đọc lại".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import describe
from app.workflow import register
from app.workflow.context import Session

from ..workers import TaskRunner
from .common import ProgressPanel, in_worker_session

PREVIEW_ROWS = 200  # enough to recognise the file; the import itself reads every row
BAD_ROW = QColor("#ffd6d6")


class RegisterImportDialog(QDialog):
    imported = Signal(object)  # register.RegisterReport

    def __init__(self, session: Session, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.lang = lang
        self.path: Path | None = None
        self.report: register.RegisterReport | None = None
        self.row_of_number: dict[int, int] = {}
        self.runner = TaskRunner(self, threads=1)
        self.setWindowTitle(self.tr("Nhập danh mục hồ sơ"))
        self.resize(900, 620)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Mỗi dòng là một hồ sơ; tiêu đề cột là tên trường theo Thông tư 05 (fileCode, title…) "
                               "hoặc nhãn tiếng Việt, cộng cột Mã phông. Tất cả các dòng được kiểm tra trước: "
                               "nếu có dòng lỗi thì không dòng nào được nhập."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.file_field = QLineEdit()
        self.file_field.setReadOnly(True)
        choose = QPushButton(self.tr("Chọn tệp…"))
        choose.clicked.connect(self.choose)
        self.reload_button = QPushButton(self.tr("Đọc lại"))
        self.reload_button.clicked.connect(lambda: self.load(self.path) if self.path else None)
        row.addWidget(self.file_field, 1)
        row.addWidget(choose)
        row.addWidget(self.reload_button)
        layout.addLayout(row)
        self.table = QTableWidget()
        self.table.setObjectName("preview")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table, 3)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.problems = QListWidget()
        self.problems.setObjectName("problems")
        self.problems.currentRowChanged.connect(self._show_problem_row)
        layout.addWidget(self.problems, 1)
        self.progress = ProgressPanel(lang)
        self.progress.finished.connect(self._on_imported)
        self.progress.failed.connect(self._on_refused)
        layout.addWidget(self.progress)
        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton(self.tr("Nhập"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = buttons.addButton(self.tr("Đóng"), QDialogButtonBox.ButtonRole.RejectRole)
        self.import_button.clicked.connect(self.start_import)
        self.close_button.clicked.connect(self.reject)
        self.import_button.setEnabled(False)
        layout.addWidget(buttons)
        self._problem_rows: list[int | None] = []

    def choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Chọn danh mục hồ sơ"), "",
                                              self.tr("Bảng tính (*.xlsx *.csv)"))
        if name:
            self.load(Path(name))

    def load(self, path: Path) -> bool:
        """Show the file's rows as read (the first ``PREVIEW_ROWS``); False with a message if it cannot be read."""
        self.path = Path(path)
        self.file_field.setText(str(path))
        self.problems.clear()
        self._problem_rows = []
        self.table.clear()
        self.table.setRowCount(0)
        try:
            rows = register.read_table(self.path)
        except Exception as exc:
            self.summary.setText(describe(exc, self.lang))
            self.import_button.setEnabled(False)
            return False
        header = [str(v) if v is not None else "" for v in rows[0][1]] if rows else []
        body = rows[1:PREVIEW_ROWS + 1]
        self.table.setColumnCount(len(header))
        self.table.setHorizontalHeaderLabels(header)
        self.table.setRowCount(len(body))
        self.row_of_number = {}
        for r, (number, cells) in enumerate(body):
            self.row_of_number[number] = r
            self.table.setVerticalHeaderItem(r, QTableWidgetItem(str(number)))
            for c, value in enumerate(cells[:len(header)]):
                self.table.setItem(r, c, QTableWidgetItem("" if value is None else str(value)))
        shown = self.tr("Tệp có %1 dòng hồ sơ.").replace("%1", str(max(len(rows) - 1, 0)))
        if len(rows) - 1 > PREVIEW_ROWS:
            shown += " " + self.tr("Hiển thị %1 dòng đầu.").replace("%1", str(PREVIEW_ROWS))
        self.summary.setText(shown)
        self.import_button.setEnabled(len(rows) > 1)
        return True

    def start_import(self) -> None:
        if self.path is None:
            return
        path = self.path
        self.import_button.setEnabled(False)
        self.problems.clear()
        self._problem_rows = []
        self.progress.start(self.runner, in_worker_session(
            self.session.home, self.session.catalogue.agent.operator,
            lambda session, _cancel, _progress: register.import_register(session, path)), cancellable=False)

    def _on_imported(self, report: register.RegisterReport) -> None:
        self.report = report
        self.progress.hide()
        text = (self.tr("Đã nhập %1 hồ sơ; tạo mới %2 phông.").replace("%1", str(report.dossiers))
                .replace("%2", str(report.fonds_created)))
        if report.ignored_columns:
            text += " " + self.tr("Bỏ qua các cột: %1.").replace("%1", ", ".join(report.ignored_columns))
        self.summary.setText(text)
        self.imported.emit(report)

    def _on_refused(self, exc: BaseException) -> None:
        self.progress.hide()
        self.import_button.setEnabled(True)
        problems: list[Any] = list(getattr(exc, "problems", []) or [])
        first = describe(exc, self.lang).splitlines()[0]
        self.summary.setText(first + " " + self.tr("Chưa nhập dòng nào. Sửa tệp rồi bấm Đọc lại."))
        for problem in problems or [exc]:
            self.problems.addItem(describe(problem, self.lang).replace("\n", " "))
            number = getattr(problem, "row", None)
            self._problem_rows.append(number)
            if number in self.row_of_number:
                for c in range(self.table.columnCount()):
                    item = self.table.item(self.row_of_number[number], c)
                    if item is not None:
                        item.setBackground(QBrush(BAD_ROW))

    def problems_rows(self) -> list[int | None]:
        """The spreadsheet row of each listed problem (None for a problem of the whole file)."""
        return list(self._problem_rows)

    def _show_problem_row(self, index: int) -> None:
        if 0 <= index < len(self._problem_rows) and self._problem_rows[index] in self.row_of_number:
            self.table.selectRow(self.row_of_number[self._problem_rows[index]])

    def reject(self) -> None:
        if self.progress.running:
            return  # an import is all or nothing and quick to finish: let it end
        super().reject()
