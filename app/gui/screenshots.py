"""``make screenshots``: the real window over a demo catalogue, saved as PNGs for the README and the guide.

Run under Xvfb (``xvfb-run``; the Makefile does it) or offscreen: ``python -m app.gui.screenshots OUT_DIR``.
The demo catalogue is built in a temporary home with the same workflow functions the window uses (fonds and
dossiers, pages imported and cleaned), so the pictures show what an operator really sees. The pages are drawn
here with Qt (a letterhead and a few lines of Vietnamese text) so the script needs no data outside the repo.
Views that another part of the window provides (QC review, metadata form) are captured when they exist.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QApplication, QLabel, QTabWidget, QWidget

from app.workflow import catalogue_ops as ops
from app.workflow import context, importing, processing
from app.workflow.context import Session

from .main_window import MainWindow
from .translations import Translations

DPI = 200  # the Thông tư 05 minimum for administrative papers: no page is flagged for its resolution
PAGE_PX = (1654, 2339)  # A4 at 200 dpi
SCALE = DPI / 150  # the layout below is drawn in 150 dpi units
FONDS = ("P01", "Ủy ban nhân dân tỉnh Thừa Thiên Huế")
DOSSIERS = [
    {"fileCode": "H49.01.2001.160", "title": "Hồ sơ về công tác phòng chống lụt bão năm 2001",
     "startDate": "03/01/2001", "endDate": "28/12/2001", "keyword": "lụt bão; đê điều", "numberOfPage": "4",
     "maintenance": "01", "paperFileCode": "H49.K12.160"},
    {"fileCode": "H49.01.2001.161", "title": "Hồ sơ xây dựng kế hoạch phát triển kinh tế - xã hội năm 2002",
     "startDate": "09/2001", "endDate": "12/2001", "maintenance": "01", "paperFileCode": "H49.K12.161"},
    {"fileCode": "H49.01.2002.012", "title": "Tập quyết định về tổ chức bộ máy của Ủy ban nhân dân tỉnh",
     "startDate": "2002", "maintenance": "02"},
    {"fileCode": "H49.01.2002.047", "title": "Hồ sơ hội nghị tổng kết công tác văn thư, lưu trữ năm 2002",
     "startDate": "12/2002", "maintenance": "04"},
]
HEAD = (["ỦY BAN NHÂN DÂN", "TỈNH THỪA THIÊN HUẾ"], ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"])
PAGES = [  # (title, subject and opening lines, number of body lines, table rows)
    ("QUYẾT ĐỊNH", ["Về việc thành lập Ban chỉ huy phòng chống lụt bão",
                    "Căn cứ Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân;",
                    "Điều 1. Thành lập Ban chỉ huy phòng chống lụt bão của tỉnh."], 12, 0),
    ("TỜ TRÌNH", ["Về kế hoạch gia cố đê sông Hương trước mùa mưa bão",
                  "Kính gửi: Ủy ban nhân dân tỉnh Thừa Thiên Huế"], 5, 6),
    ("BÁO CÁO", ["Tình hình thiệt hại do cơn bão số 8 gây ra",
                 "I. Tình hình chung", "II. Thiệt hại về người và tài sản"], 20, 0),
    ("CÔNG VĂN", ["V/v khắc phục hậu quả lũ lụt tại các huyện ven biển"], 3, 0),
]
SKEWS = (0.0, 1.2, -0.6, 0.3)


def draw_page(path: Path, number: int) -> Path:
    """One A4 page: a letterhead, a title, a few lines, body text as grey bars and sometimes a table."""
    title, lines, body, table = PAGES[(number - 1) % len(PAGES)]
    image = QImage(*PAGE_PX, QImage.Format.Format_RGB32)
    image.fill(QColor(246, 240, 222))
    image.setDotsPerMeterX(round(DPI / 0.0254))
    image.setDotsPerMeterY(round(DPI / 0.0254))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.translate(PAGE_PX[0] / 2, PAGE_PX[1] / 2)
    painter.rotate(SKEWS[(number - 1) % len(SKEWS)])
    painter.translate(-PAGE_PX[0] / 2, -PAGE_PX[1] / 2)
    painter.scale(SCALE, SCALE)
    painter.setPen(QColor(35, 30, 45))
    font = QFont("DejaVu Sans")
    font.setPixelSize(24)
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(QRect(90, 120, 480, 200), Qt.AlignmentFlag.AlignHCenter,
                     "\n".join([*HEAD[0], f"Số: {1600 + number}/UB"]))
    painter.drawText(QRect(600, 120, 560, 200), Qt.AlignmentFlag.AlignHCenter, "\n".join(HEAD[1]))
    font.setPixelSize(34)
    painter.setFont(font)
    painter.drawText(QRect(90, 380, 1060, 60), Qt.AlignmentFlag.AlignHCenter, title)
    font.setBold(False)
    font.setPixelSize(25)
    painter.setFont(font)
    y = 480
    for line in lines:
        painter.drawText(140, y, line)
        y += 58
    for row in range(body):  # body text as grey bars, the way a page looks at thumbnail size
        width = 960 - ((row * 7 + number * 3) % 5) * 90
        painter.fillRect(140, y + row * 44, width, 14, QColor(80, 75, 85))
    y += body * 44 + 30
    for row in range(table + 1 if table else 0):
        painter.drawLine(140, y + row * 60, 1100, y + row * 60)
    for column in (140, 300, 800, 1100) if table else ():
        painter.drawLine(column, y, column, y + table * 60)
    painter.drawText(QRect(700, 1560, 420, 40), Qt.AlignmentFlag.AlignHCenter, f"Trang {number}")
    painter.end()
    image.save(str(path))
    return path


def build_demo_home(root: Path) -> tuple[Session, str, str]:
    """A fresh home: one fonds, a few dossiers; four pages imported and cleaned into the first dossier (left
    for review), two into the second, which is approved (for the export dialog)."""
    from app.workflow import qc

    session = context.init_home(root / "home", station_name="Trạm số hóa Chi cục Văn thư - Lưu trữ (minh họa)",
                                operator="Nguyễn Thị Lan")
    ops.add_fonds(session, *FONDS)
    for values in DOSSIERS:
        ops.add_dossier(session, FONDS[0], values)
    review, approved = DOSSIERS[0]["fileCode"], DOSSIERS[1]["fileCode"]
    pages_dir = root / "pages"
    pages_dir.mkdir()
    files = [draw_page(pages_dir / f"trang-{n:02d}.png", n) for n in range(1, 5)]
    importing.import_files(session, review, files)
    importing.import_files(session, approved, files[2:])
    processing.run_queue(session, workers=1)
    qc.approve_dossier(session, approved, accept_flagged=True)
    return session, review, approved


def settle(ms: int = 300) -> None:
    """Let the event loop paint (and workers report) before a picture is taken."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def shoot(widget: QWidget, path: Path) -> Path:
    settle()
    widget.grab().save(str(path))
    print(path, flush=True)
    return path


def wait_for_scanner(window: MainWindow, seconds: float = 10.0) -> None:
    """The scanner list comes from the scanning child: wait until the status bar stops saying it is looking."""
    for _ in range(int(seconds * 10)):
        texts = [label.text() for label in window.statusBar().findChildren(QLabel)]
        if texts and not any("đang tìm" in text for text in texts):
            return
        settle(100)


def select_dossier(window: MainWindow, code: str) -> None:
    """Select the dossier as the operator would (the window expands its fonds and shows its pages)."""
    window.select_dossier(code)
    settle(600)  # thumbnails and the first page are read on workers


def _optional(name: str, shot: Callable[[], Path | None]) -> Path | None:
    """A view another part of the window provides: captured when it exists, named when it does not."""
    try:
        return shot()
    except (AttributeError, ImportError, LookupError) as exc:
        print(f"skipped {name}: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
        return None


def capture(out: Path, root: Path) -> list[Path]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    QCoreApplication.setApplicationName("SaoLưu")
    translations = Translations(app)
    translations.set_language("vi")
    session, review, approved = build_demo_home(root)
    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path | None] = []
    with session:
        window = MainWindow(session, translations)
        window.resize(1600, 940)
        window.show()
        wait_for_scanner(window)
        select_dossier(window, review)
        window.select_page(ops.dossier_detail(session, review)["documents"][0]["pages"][0]["id"])
        saved.append(shoot(window, out / "cua-so-chinh.png"))
        saved.append(_optional("QC review", lambda: _qc_review(window, session, review, out)))
        saved.append(_optional("metadata form", lambda: _metadata_form(window, out)))
        saved.append(_optional("export dialog", lambda: _export_dialog(window, session, approved, root, out)))
        window.close()
    return [p for p in saved if p is not None]


def _qc_review(window: MainWindow, session: Session, code: str, out: Path) -> Path:
    """Review mode (F9): the checker kept page 1 and sent page 2 back with a reason; page 2 is on screen."""
    window.set_review_mode(True)
    settle(300)
    pages = [p["id"] for doc in ops.dossier_detail(session, code)["documents"] for p in doc["pages"]]
    window.accept_page(pages[0])
    window.reject_page(pages[1], "Chữ ở nửa dưới trang bị mờ, không đọc được: quét lại ở 400 dpi")
    window.select_page(pages[1])
    settle(600)
    path = shoot(window, out / "kiem-tra-chat-luong.png")
    window.set_review_mode(False)
    return path


def _show_tab_of(window: MainWindow, widget: QWidget) -> None:
    """Bring the tab that holds ``widget`` to the front (the right pane is a set of tabs)."""
    for tabs in window.findChildren(QTabWidget):
        for index in range(tabs.count()):
            page = tabs.widget(index)
            if page is widget or page.isAncestorOf(widget):
                tabs.setCurrentIndex(index)


def _metadata_form(window: MainWindow, out: Path) -> Path:
    """The window's metadata form with an impossible date typed in: the message under the field."""
    _show_tab_of(window, window.form)
    window.form.set_value("startDate", "31/02/2001")
    settle(300)
    path = shoot(window, out / "bieu-mau-thong-tin.png")
    window.form.set_value("startDate", DOSSIERS[0]["startDate"])
    return path


def _export_dialog(window: MainWindow, session: Session, code: str, root: Path, out: Path) -> Path:
    """The export dialog after a real export of the approved dossier to a folder standing for a USB stick."""
    from .dialogs.export import ExportDialog

    usb = root / "USB_LUUTRU_01"
    usb.mkdir()
    dialog = ExportDialog(session, "vi", code, window)
    dialog.resize(900, 720)
    dialog.show()
    dialog.add_destination(usb)
    dialog.start()
    for _ in range(600):  # at most a minute: packaging runs cleanup, OCR and PDF/A first
        if not dialog.progress.running:
            break
        settle(100)
    path = shoot(dialog, out / "xuat-ra-vat-mang-tin.png")
    dialog.reject()
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Save screenshots of the SaoLưu window over a demo catalogue.")
    parser.add_argument("out", type=Path, nargs="?", default=Path("docs/screenshots"))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="saoluu-screens-") as tmp:
        saved = capture(args.out, Path(tmp))
    print(f"{len(saved)} screenshots in {args.out}", flush=True)
    return 0 if saved else 1


if __name__ == "__main__":
    sys.exit(main())
