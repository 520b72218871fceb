"""Local accounts: the PIN is only ever stored as a salted scrypt hash, and only the right PIN signs in."""

from __future__ import annotations

import pytest

from storage import accounts
from storage.errors import Conflict, ValidationError


def test_pin_hash_is_salted_scrypt_and_verifies_only_the_right_pin() -> None:
    a, b = accounts.hash_pin("2468"), accounts.hash_pin("2468")
    assert a.startswith("scrypt$") and "2468" not in a
    assert a != b  # a random salt each time: equal PINs do not show as equal hashes
    assert accounts.pin_matches("2468", a) and accounts.pin_matches("2468", b)
    assert not accounts.pin_matches("2469", a)
    assert not accounts.pin_matches("2468", "not-a-hash")


def test_account_round_trip_and_the_pin_is_nowhere_in_the_catalogue(session, home) -> None:
    cat = session.catalogue
    with cat.write():
        row = accounts.add_account(cat, "lan", "checker", "135790", full_name="Nguyễn Thị Lan")
    assert (row["name"], row["role"], row["full_name"]) == ("lan", "checker", "Nguyễn Thị Lan")
    assert sorted(row.keys()) == ["active", "created_at", "full_name", "id", "name", "role"]
    assert accounts.verify(cat, "lan", "135790")["role"] == "checker"
    assert accounts.verify(cat, "lan", "135791") is None
    assert accounts.verify(cat, "nobody", "135790") is None
    assert [r["name"] for r in accounts.list_accounts(cat)] == ["lan"]
    cat.conn.execute("PRAGMA wal_checkpoint(FULL)")
    raw = b"".join(p.read_bytes() for p in home.glob("catalogue.sqlite*"))
    assert b"135790" not in raw
    event = cat.one("SELECT detail FROM events WHERE object_kind = 'account'")
    assert "135790" not in event["detail"] and "checker" in event["detail"]


def test_a_disabled_account_cannot_sign_in(session) -> None:
    cat = session.catalogue
    with cat.write():
        accounts.add_account(cat, "minh", "operator", "1111")
        accounts.set_active(cat, "minh", False)
    assert accounts.verify(cat, "minh", "1111") is None
    assert accounts.active_count(cat) == 0


@pytest.mark.parametrize("pin", ["123", "1234567890123", "12a4", "١٢٣٤", ""])
def test_bad_pins_are_refused_with_the_rule(session, pin: str) -> None:
    with pytest.raises(ValidationError) as err, session.catalogue.write() as cat:
        accounts.add_account(cat, "an", "operator", pin)
    assert err.value.problems[0].key == "account.bad_pin_format"
    assert accounts.list_accounts(session.catalogue) == []


def test_duplicate_name_bad_role_and_bad_name_are_refused(session) -> None:
    cat = session.catalogue
    with cat.write():
        accounts.add_account(cat, "an", "operator", "1234")
    with pytest.raises(Conflict) as dup, cat.write():
        accounts.add_account(cat, "an", "checker", "5678")
    assert dup.value.key == "account.duplicate"
    with pytest.raises(ValidationError) as role, cat.write():
        accounts.add_account(cat, "binh", "boss", "5678")
    assert role.value.problems[0].key == "account.bad_role"
    with pytest.raises(ValidationError) as name, cat.write():
        accounts.add_account(cat, "hai tu", "operator", "5678")
    assert name.value.problems[0].key == "account.bad_name"
    assert [r["name"] for r in accounts.list_accounts(cat)] == ["an"]
