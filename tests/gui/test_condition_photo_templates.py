"""The condition pane's photo of the damage and the dossier form's templates, driven as an operator would
(the file dialog's answer is set directly), over a real catalogue and vault."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PIL import Image

from app.gui.condition_pane import ConditionPane
from app.gui.metadata_form import MetadataForm
from app.i18n import tr
from app.workflow import catalogue_ops as ops

pytestmark = [pytest.mark.gui]


def _conditions(home: Path) -> list[tuple]:
    con = sqlite3.connect(home / "catalogue.sqlite")
    try:
        return con.execute("SELECT torn, photo_sha256 FROM conditions ORDER BY id").fetchall()
    finally:
        con.close()


def test_pane_saves_a_photo_and_previews_it_and_refuses_a_bad_one(qtbot, session, dossier, home, tmp_path):
    pane = ConditionPane(session)
    qtbot.addWidget(pane)
    pane.load(dossier)
    assert pane.photo_button.isEnabled() and pane.photo_preview.pixmap().isNull()

    bad = tmp_path / "hong.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    pane.set_photo(bad)
    pane.combos["torn"].setCurrentIndex(2)
    assert pane.save() is False
    assert pane.result.text() == tr("condition.photo_not_image", "vi", file=str(bad))
    assert _conditions(home) == []

    good = tmp_path / "rach.png"
    Image.new("RGB", (300, 200), (200, 180, 120)).save(good)
    pane.set_photo(good)
    assert good.name in pane.photo_name.text()
    assert pane.save() is True
    [(torn, sha)] = _conditions(home)
    assert torn == 2 and sha
    assert pane.photo_path is None and pane.photo_name.text() == ""
    preview = pane.photo_preview.pixmap()
    assert not preview.isNull() and max(preview.width(), preview.height()) == 120

    pane.load(None)
    assert pane.photo_preview.pixmap().isNull()
    pane.load(dossier)  # the newest assessment's photo is shown again when the dossier is opened
    assert not pane.photo_preview.pixmap().isNull()


def test_form_saves_a_template_and_fills_another_dossier_from_it(qtbot, session, dossier):
    ops.add_dossier(session, "P01", {"fileCode": "H49.64.33.2001.161", "title": "Hồ sơ thứ hai"})
    form = MetadataForm(session)
    qtbot.addWidget(form)
    form.load(ops.dossier_detail(session, dossier))
    assert not form.template_combo.isEnabled()  # no template yet
    form.set_value("maintenance", "02")
    form.set_value("keyword", "đê điều")
    assert form.save_as_template("Hộp UBND 2001") is True
    assert form.template_combo.count() == 2

    form.load(ops.dossier_detail(session, "H49.64.33.2001.161"))
    assert form.template_combo.isEnabled()
    form.template_combo.activated.emit(form.template_combo.findData("Hộp UBND 2001"))
    assert (form.value("maintenance"), form.value("keyword")) == ("02", "đê điều")
    assert form.value("title") == "Hồ sơ thứ hai"  # identifying fields are never in a template
    assert form.template_combo.currentIndex() == 0
    assert form.save() is True
    saved = ops.dossier_detail(session, "H49.64.33.2001.161")
    assert (saved["maintenance"], saved["keyword"], saved["title"]) == ("02", "đê điều", "Hồ sơ thứ hai")
