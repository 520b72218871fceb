"""The operator's guide (Vietnamese, with screenshots), shown inside SaoLưu from the local file.

Why inside the window rather than a browser: a commune laptop may have no browser set up to open Markdown;
``QTextBrowser`` renders the guide and its screenshots directly. "Mở bằng ứng dụng khác" still hands the file to
the desktop for printing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QTextDocument
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

GUIDE_NAME = "huong-dan-van-hanh.md"


def guide_path() -> Path | None:
    """The guide in the source tree (``docs/``) next to the ``app`` package, if it is there."""
    path = Path(__file__).resolve().parents[3] / "docs" / GUIDE_NAME
    return path if path.exists() else None


class GuideDialog(QDialog):
    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Hướng dẫn vận hành SaoLưu"))
        self.resize(900, 760)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.browser.setSource(QUrl.fromLocalFile(str(path)), QTextDocument.ResourceType.MarkdownResource)
        buttons = QDialogButtonBox()
        external = buttons.addButton(self.tr("Mở bằng ứng dụng khác"), QDialogButtonBox.ButtonRole.ActionRole)
        external.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))
        close = buttons.addButton(self.tr("Đóng"), QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
