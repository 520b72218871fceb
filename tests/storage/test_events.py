"""The event log: append-only, hash-chained, and any rewrite of the real file is caught by ``saoluu log verify``.

The tampering here is what someone with the file and an SQLite shell would do: drop the triggers that refuse
UPDATE and DELETE, then edit, delete, reorder or cut off rows.
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from app import __version__
from app.i18n import tr
from app.workflow import catalogue_ops as ops
from app.workflow.context import open_session
from storage import events

TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+07:00$")


@pytest.fixture
def busy_home(home, session, dossier) -> Path:
    """A home whose log holds a dozen events of different kinds."""
    for i in range(4):
        ops.edit_dossier(session, dossier, {"keyword": f"đê điều {i}"})
    ops.add_document(session, dossier, {"subject": "Quyết định phân bổ kinh phí"})
    ops.add_document(session, dossier, {"subject": "Báo cáo tổng kết"})
    ops.assess_condition(session, dossier, {"torn": "2"}, assessor="Chị Lan")
    session.close()
    return home


def raw(home: Path) -> sqlite3.Connection:
    return sqlite3.connect(home / "catalogue.sqlite")


def tamper(home: Path, *statements: tuple[str, tuple]) -> None:
    """Edit the catalogue file as an attacker would: the append-only triggers go first."""
    con = raw(home)
    con.execute("DROP TRIGGER events_no_update")
    con.execute("DROP TRIGGER events_no_delete")
    for sql, params in statements:
        con.execute(sql, params)
    con.commit()
    con.close()


def event_count(home: Path) -> int:
    return raw(home).execute("SELECT count(*) FROM events").fetchone()[0]


def verify_fails_at(cli, *problems: tuple[str, int]) -> None:
    """``saoluu log verify`` exits 1 and names each (kind, seq) in the user's words."""
    result = cli("log", "verify")
    assert result.returncode == 1, result
    for kind, seq in problems:
        assert tr(f"log.{kind}", "en", seq=seq) in result.stderr


def test_fresh_and_busy_logs_verify(busy_home, cli):
    count = event_count(busy_home)
    assert count >= 10
    result = cli("log", "verify")
    assert result.returncode == 0, result
    assert tr("log.intact", "en", count=count) in result.stdout
    assert cli("log", "verify", "--json").json() == {"ok": True, "events": count, "problems": []}


def test_fresh_home_log_verifies_in_vietnamese(home, cli):
    result = cli("log", "verify", lang="vi")
    assert result.returncode == 0
    assert tr("log.intact", "vi", count=1) in result.stdout


def test_update_and_delete_are_refused_by_triggers(busy_home, cli):
    con = raw(busy_home)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        con.execute("UPDATE events SET detail = '{}' WHERE seq = 2")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        con.execute("DELETE FROM events WHERE seq = 2")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        con.execute("DELETE FROM events")
    con.close()
    assert cli("log", "verify").returncode == 0


def test_edited_detail_is_named_by_seq(busy_home, cli):
    tamper(busy_home, ("UPDATE events SET detail = ? WHERE seq = 5", (json.dumps({"keyword": "sửa lén"}),)))
    verify_fails_at(cli, ("edited", 5))


def test_edited_operator_is_caught(busy_home, cli):
    tamper(busy_home, ("UPDATE events SET operator = 'người khác' WHERE seq = 3", ()))
    verify_fails_at(cli, ("edited", 3))


def test_deleted_middle_row_is_caught(busy_home, cli):
    tamper(busy_home, ("DELETE FROM events WHERE seq = 4", ()))
    verify_fails_at(cli, ("broken", 5), ("gap", 5))


def test_swapped_rows_are_caught(busy_home, cli):
    con = raw(busy_home)
    cols = [r[1] for r in con.execute("PRAGMA table_info(events)") if r[1] != "seq"]
    row3 = con.execute(f"SELECT {', '.join(cols)} FROM events WHERE seq = 3").fetchone()
    row6 = con.execute(f"SELECT {', '.join(cols)} FROM events WHERE seq = 6").fetchone()
    con.close()
    sets = ", ".join(f"{c} = ?" for c in cols)
    # event_id is UNIQUE: park row 3 first
    tamper(busy_home, ("UPDATE events SET event_id = 'parked' WHERE seq = 3", ()),
           (f"UPDATE events SET {sets} WHERE seq = 6", row3), (f"UPDATE events SET {sets} WHERE seq = 3", row6))
    result = cli("log", "verify", "--json")
    assert result.returncode == 1
    problems = result.json()["problems"]
    assert {"kind": "edited", "seq": 3} in problems
    assert {p["seq"] for p in problems} >= {3, 6}


def test_replace_through_plain_sql_is_caught(busy_home, cli):
    """INSERT OR REPLACE slips past the DELETE trigger on a plain connection (recursive triggers are off);
    the chain still shows it."""
    con = raw(busy_home)
    row = list(con.execute("SELECT * FROM events WHERE seq = 4").fetchone())
    cols = [r[1] for r in con.execute("PRAGMA table_info(events)")]
    row[cols.index("detail")] = json.dumps({"keyword": "viết lại"})
    con.execute(f"INSERT OR REPLACE INTO events VALUES ({', '.join('?' * len(row))})", row)
    con.commit()
    con.close()
    verify_fails_at(cli, ("edited", 4))


def test_cut_off_newest_rows_are_caught_by_the_anchor(busy_home, cli):
    last = event_count(busy_home)
    tamper(busy_home, ("DELETE FROM events WHERE seq > ?", (last - 2,)))
    verify_fails_at(cli, ("truncated", last))


def test_truncation_stays_visible_after_more_work(busy_home, cli):
    """The next ordinary write must not move the anchor past the missing events and hide the cut."""
    last = event_count(busy_home)
    tamper(busy_home, ("DELETE FROM events WHERE seq > ?", (last - 3,)))
    with open_session(busy_home, operator="tester") as s:
        for i in range(4):  # enough new events to reuse the cut-off seq numbers
            ops.edit_dossier(s, "H49.64.33.2001.160", {"keyword": f"mới {i}"})
    assert event_count(busy_home) > last
    verify_fails_at(cli, ("truncated", last))


def test_rewritten_and_rehashed_history_is_caught_by_the_anchor(busy_home, cli):
    """Deleting a row and recomputing every later hash gives a consistent chain, but not the anchored one."""
    con = raw(busy_home)
    con.row_factory = sqlite3.Row
    kept = [dict(r) for r in con.execute("SELECT * FROM events WHERE seq <> 4 ORDER BY seq")]
    con.close()
    statements = [("DELETE FROM events", ())]
    prev = events.GENESIS
    for seq, row in enumerate(kept, start=1):
        row.update(seq=seq, prev_hash=prev)
        row["hash"] = prev = events._digest(row)
        statements.append((f"INSERT INTO events ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                           tuple(row.values())))
    tamper(busy_home, *statements)
    result = cli("log", "verify", "--json")
    assert result.returncode == 1
    assert [p["kind"] for p in result.json()["problems"]] == ["truncated"]


def test_every_event_says_when_who_where_and_with_what(busy_home, cli):
    station = json.loads((busy_home / "station.json").read_text(encoding="utf-8"))["station_id"]
    assert cli("--operator", "Nguyễn Văn An", "dossier", "edit", "H49.64.33.2001.160",
               "--set", "keyword=kiểm tra").returncode == 0
    con = raw(busy_home)
    con.row_factory = sqlite3.Row
    rows = con.execute("SELECT * FROM events ORDER BY seq").fetchall()
    assert len(rows) >= 10
    for row in rows:
        assert TIME.match(row["time"]), row["time"]
        assert row["operator"]
        assert row["station"] == station
        assert row["software"] == f"SaoLưu {__version__}"
        assert row["type"] in events.EVENT_TYPES
        assert row["outcome"] in ("success", "failure")
        json.loads(row["detail"])
    assert {r["operator"] for r in rows[:-1]} == {"tester"}
    last = rows[-1]
    assert (last["operator"], last["type"], last["object_ref"]) == (
        "Nguyễn Văn An", "metadata modification", "H49.64.33.2001.160")
    assert json.loads(last["detail"])["keyword"]["new"] == "kiểm tra"


def test_failed_change_writes_no_event(busy_home, cli):
    before = event_count(busy_home)
    result = cli("dossier", "add", "--fonds", "P01", "--code", "H49.64.33.2001.160", "--title", "Trùng mã")
    assert result.returncode == 1
    result = cli("dossier", "edit", "H49.64.33.2001.160", "--set", "endDate=31/02/2001")
    assert result.returncode == 1
    assert event_count(busy_home) == before
    assert cli("log", "verify").returncode == 0


def test_verify_while_another_process_writes_is_not_a_false_alarm(busy_home):
    """``log verify`` next to a writer (an audit, the window): the writer may commit an event and move the
    anchor after the verifier has read the chain; that must not read as a truncated log."""
    from storage.db import Agent, Catalogue

    agent = Agent("tester", "station-test", "SaoLưu test")
    reader, writer = Catalogue(busy_home / "catalogue.sqlite", agent), Catalogue(busy_home / "catalogue.sqlite",
                                                                                 agent)

    class WriterCommitsMeanwhile:
        """The reader's connection, with the writer's commit landing right after the chain is read."""

        def execute(self, sql, *args):
            rows = reader.conn.execute(sql, *args).fetchall()
            with writer.write():
                writer.event("fixity check", "vault", "objects")
            return iter(rows)

    try:
        assert events.verify(WriterCommitsMeanwhile(), reader.anchor) == []
        assert reader.verify_log() == []  # and the new event is there for the next verify
    finally:
        reader.close()
        writer.close()
