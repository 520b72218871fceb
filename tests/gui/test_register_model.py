"""The register model reads a fonds' dossiers in batches, so 50,000 dossiers open as fast as 5."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex

from app.gui.register_model import RegisterModel
from storage.events import now_iso

pytestmark = pytest.mark.gui


def _bulk_dossiers(session, fonds_code: str, count: int) -> None:
    """Many dossiers fast (plain rows: this is about the view, not validation or the event log)."""
    cat = session.catalogue
    with cat.write():
        cat.conn.execute("INSERT INTO fonds (code, name, created_at, updated_at) VALUES (?, ?, ?, ?)",
                         (fonds_code, "Phông lớn", now_iso(), now_iso()))
        fonds_id = cat.one("SELECT id FROM fonds WHERE code = ?", (fonds_code,))[0]
        stamp = now_iso()
        cat.conn.executemany(
            'INSERT INTO dossiers (fonds_id, "fileCode", title, maintenance, mode, language, created_at, '
            "updated_at) VALUES (?, ?, ?, '01', '01', '01', ?, ?)",
            ((fonds_id, f"{fonds_code}.2001.{i:06d}", f"Hồ sơ số {i}", stamp, stamp) for i in range(count)))


def test_batches_follow_code_order_and_stop_at_the_end(session, qtbot) -> None:
    _bulk_dossiers(session, "P09", 250)
    model = RegisterModel(session, batch=100)
    fonds = model.fonds_index("P09")
    assert model.hasChildren(fonds) and model.rowCount(fonds) == 0 and model.canFetchMore(fonds)
    codes = []
    while model.canFetchMore(fonds):
        model.fetchMore(fonds)
    for row in range(model.rowCount(fonds)):
        codes.append(model.index(row, 0, fonds).data())
    assert codes == [f"P09.2001.{i:06d}" for i in range(250)]
    assert model.parent(model.index(5, 1, fonds)) == fonds
    assert model.parent(fonds) == QModelIndex()


def test_fifty_thousand_dossiers_open_lazily_and_fill_as_the_view_scrolls(session, make_window, qtbot) -> None:
    _bulk_dossiers(session, "P50", 50_000)
    window = make_window()
    fonds = window.model.fonds_index("P50")
    window.tree.expand(fonds)
    qtbot.wait(10)
    loaded = window.model.rowCount(fonds)
    assert 0 < loaded < 5_000, loaded  # a few batches, never the whole fonds
    bar = window.tree.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: window.model.rowCount(fonds) > loaded, timeout=3000)
