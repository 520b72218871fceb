"""The window with accounts (sign in, roles deciding what is allowed), the bin, register filters, and the
viewer's drawings. Pages are imported small TIFFs (no scanner needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.gui.main_window import MainWindow
from app.gui.search_model import PAGE_HIT_ROLE
from app.workflow import accounts, importing, processing, workbench
from tests.conftest import make_tiffs

pytestmark = pytest.mark.gui


@pytest.fixture
def cleaned(session, dossier: str, tmp_path: Path) -> list[int]:
    report = importing.import_files(session, dossier, make_tiffs(tmp_path / "in", 3, size=(90, 120)))
    processing.run_queue(session, workers=1)
    return [p.page_id for p in report.imported]


def _window(qtbot, session, translations) -> MainWindow:
    window = MainWindow(session, translations, ocr_in_background=False, find_devices=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_sign_in_at_start_and_roles_decide_review_and_delete(qtbot, session, translations, dossier: str,
                                                             cleaned: list[int]) -> None:
    accounts.add_account(session, "chi", "administrator", "1234")
    admin = accounts.sign_in(session, "chi", "1234")
    accounts.add_account(session, "minh", "operator", "2468", actor=admin)
    window = _window(qtbot, session, translations)
    qtbot.waitUntil(lambda: getattr(window, "login_dialog", None) is not None, timeout=3000)
    dialog = window.login_dialog
    assert not dialog.sign_in("minh", "0000")
    assert "minh" in dialog.message.text() and dialog.isVisible()
    with qtbot.waitSignal(window.actor_changed, timeout=3000):
        assert dialog.sign_in("minh", "2468")
    assert window.operator_label.text() == "Cán bộ: minh (số hóa)"

    window.select_dossier(dossier)
    window.submit_action.trigger()  # the operator hands the dossier over
    assert window.model.dossier_row(dossier).state == "qc"
    window.set_review_mode(True)
    assert not window.qc_panel.approve_button.isEnabled() and not window.qc_panel.reject_button.isEnabled()
    assert not window.delete_page(cleaned[0])
    assert "minh" in window.last_error and len(window.pages_model.page_ids()) == 3

    assert window.sign_in("chi", "1234")
    assert window.delete_page(cleaned[0])
    assert window.pages_model.page_ids() == cleaned[1:]
    restored = window.restore_last_deleted()
    assert restored is not None and window.pages_model.rowCount() == 3
    assert window.pages_model.page_ids()[0] == restored and window.current_page_id() == restored
    window.close()


def test_register_filters_and_the_viewer_draws_flags_and_compares(qtbot, session, translations, dossier: str,
                                                                  cleaned: list[int]) -> None:
    from app.workflow import catalogue_ops as ops

    ops.add_dossier(session, "P01", {"fileCode": "H49.64.33.2001.161", "title": "Hồ sơ chưa quét"})
    window = _window(qtbot, session, translations)
    window.model.reload()
    assert window.set_filter("not_scanned") == 1
    assert window.stack.currentWidget() is window.filtered
    assert window.filter_model.index(0, 0).data() == "H49.64.33.2001.161"
    assert window.set_filter("waiting_qc") == 1 and window.filter_model.index(0, 4).data() == "0"
    window.set_filter(None)
    assert window.stack.currentWidget() is window.tree

    with qtbot.waitSignal(window.viewer.loaded, timeout=10_000):
        window.select_dossier(dossier)
    viewer = window.viewer
    assert viewer.flag_texts and viewer.items_by_kind["flag"]  # flat test pages are flagged: drawn on the page
    assert [i.data(0) for i in viewer.items_by_kind["image"]] == ["cleaned"]
    viewer.set_mode("side")
    assert [i.data(0) for i in viewer.items_by_kind["image"]] == ["master", "cleaned"]
    viewer.toggle_master()
    assert [i.data(0) for i in viewer.items_by_kind["image"]] == ["master"]
    viewer.actual_size()
    assert viewer.zoom == 1.0 and not viewer.fitting
    viewer.rotate_view(90)
    assert viewer.rotation == 90
    viewer.fit()
    assert viewer.fitting
    assert workbench.dossier_pages(session, dossier)[0]["sha256"]  # masters untouched by the view
    window.close()


def test_a_hit_in_page_text_opens_that_page_and_the_rescan_list_is_dated(qtbot, session, translations, dossier: str,
                                                                          cleaned: list[int]) -> None:
    from app.workflow import ocr_queue, qc, texts

    ocr_queue.enqueue_pages(session, [cleaned[2]])
    ocr_queue.run_queue(session, workers=1)  # a (blank) reading first: a correction is a new version of it
    texts.correct_text(session, cleaned[2], "Công văn về tu bổ đê Hữu Hồng", reason="nhập tay")
    qc.reject_page(session, cleaned[1], "Mờ")
    window = _window(qtbot, session, translations)
    window.search_field.setText("huu hong")
    window.run_search()
    hits = [window.search_model.index(r, 0) for r in range(window.search_model.rowCount())]
    page_hit = next(h for h in hits if "Hữu Hồng" in (h.data() or "") or h.data(PAGE_HIT_ROLE))
    window.results.setCurrentIndex(page_hit)
    assert window.current_code == dossier and window.current_page_id() == cleaned[2]
    item = window.qc_panel.todo.item(0).text()
    assert item.startswith("Trang 1/2: Mờ (tester, ") and "/20" in item  # dd/mm/yyyy HH:MM
    window.close()


def test_a_large_master_is_shown_reduced_in_its_own_pixel_coordinates(qapp, tmp_path: Path) -> None:
    from PIL import Image

    from app.gui.page_viewer import MAX_SIDE, PageViewer, load_qimage

    big = tmp_path / "big.png"
    Image.new("L", (MAX_SIDE * 2 + 10, 500), 200).save(big)
    image = load_qimage(big)
    assert image.width() <= MAX_SIDE and image.text("full_width") == str(MAX_SIDE * 2 + 10)
    viewer = PageViewer()
    viewer._images = (image, None)
    viewer.low_confidence = [{"left": MAX_SIDE, "top": 100, "width": 300, "height": 40, "text": "x", "conf": 20}]
    viewer.mode = "master"
    viewer._render()
    item = viewer.items_by_kind["image"][0]
    assert item.sceneBoundingRect().width() == pytest.approx(MAX_SIDE * 2 + 10, rel=0.01)
    viewer._images = (image, image)
    viewer.set_mode("cleaned")  # low-confidence words are boxed on the cleaned image, in its stored pixels
    word = viewer.items_by_kind["word"][0]
    box = word.mapRectToScene(word.rect())  # the box itself, without the pen
    assert box.left() == pytest.approx(MAX_SIDE, abs=1) and box.width() == pytest.approx(300, abs=1)


def test_the_document_form_follows_the_page_and_checks_as_typed(qtbot, session, translations, dossier: str,
                                                                cleaned: list[int]) -> None:
    from PySide6.QtCore import Qt

    window = _window(qtbot, session, translations)
    window.select_dossier(dossier)
    window.select_page(cleaned[1])
    form = window.document_form
    assert form.code == f"{dossier}.1" and form.document_id is not None
    window.right.setCurrentWidget(form)
    qtbot.keyClicks(form.editors["issuedDate"], "2001-03-05")
    assert "2001-03-05" in form.error_text("issuedDate")
    form.editors["issuedDate"].clear()
    qtbot.keyClicks(form.editors["issuedDate"], "05/03/2001")
    form.editors["subject"].setText("Về việc tu bổ đê")  # QTest types ASCII only
    form.set_value("typeName", "22")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    doc = workbench.document_detail(session, form.document_id)
    assert (doc["issuedDate"], doc["subject"], doc["typeName"]) == ("05/03/2001", "Về việc tu bổ đê", "22")
    assert window.split_at(cleaned[2])
    window.select_page(cleaned[2])
    assert form.code == f"{dossier}.2" and form.value("subject") == ""
    form.same_as_previous()  # the type is copied from the document before; its subject is not
    assert form.value("typeName") == "22" and form.value("subject") == ""
    window.close()
