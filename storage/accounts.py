"""Local accounts: a name, a role and a PIN kept only as a salted scrypt hash.

Why scrypt from ``hashlib`` (no new dependency): a 4–12 digit PIN is short, so the hash must be slow and
memory-hard to make guessing from a stolen catalogue costly; scrypt is in the standard library (OpenSSL).
The stored form ``scrypt$n$r$p$salt$hash`` keeps its parameters, so they can be raised later and old hashes
still verify. The PIN itself is never stored, logged or put in an event.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import sqlite3

from .db import Catalogue
from .errors import Conflict, FieldProblem, NotFound, ValidationError
from .events import now_iso
from .tt05 import nfc

ROLES = ("operator", "checker", "administrator")
PIN_MIN, PIN_MAX = 4, 12
_N, _R, _P = 2 ** 14, 8, 1  # 16 MiB of memory per try: tens of ms here, costly for a guesser
_NAME_MAX = 64


def hash_pin(pin: str, *, salt: bytes | None = None, n: int = _N, r: int = _R, p: int = _P) -> str:
    salt = salt if salt is not None else os.urandom(16)
    digest = hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=128 * r * n * 2, dklen=32)
    return f"scrypt${n}${r}${p}${salt.hex()}${digest.hex()}"


def pin_matches(pin: str, stored: str) -> bool:
    """Whether ``pin`` gives ``stored`` (compared in constant time)."""
    try:
        scheme, n, r, p, salt, expected = stored.split("$")
        if scheme != "scrypt":
            return False
        got = hash_pin(pin, salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p))
    except ValueError:
        return False
    return hmac.compare_digest(got.rsplit("$", 1)[1], expected)


def check_pin(pin: str) -> str:
    """A PIN is 4 to 12 ASCII digits (typed on a numeric keypad at the scanner)."""
    if not (pin.isascii() and pin.isdigit() and PIN_MIN <= len(pin) <= PIN_MAX):
        raise ValidationError([FieldProblem("account.bad_pin_format", field="pin", min=PIN_MIN, max=PIN_MAX)])
    return pin


def _check_name(name: str) -> str:
    name = nfc(name.strip())
    if not name or len(name) > _NAME_MAX or any(ch.isspace() for ch in name):
        raise ValidationError([FieldProblem("account.bad_name", field="name", max=_NAME_MAX)])
    return name


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise ValidationError([FieldProblem("account.bad_role", field="role", value=role,
                                            allowed=", ".join(ROLES))])
    return role


def add_account(cat: Catalogue, name: str, role: str, pin: str, *, full_name: str | None = None) -> sqlite3.Row:
    """Create an account (inside ``write()``); the event names the account and role, never the PIN."""
    name, role, pin = _check_name(name), _check_role(role), check_pin(pin)
    if cat.one("SELECT 1 FROM accounts WHERE name = ?", (name,)):
        raise Conflict("account.duplicate", name=name)
    cat.conn.execute("INSERT INTO accounts (name, full_name, role, pin_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                     (name, nfc(full_name.strip()) if full_name else None, role, hash_pin(pin), now_iso()))
    cat.event("creation", "account", name, detail={"role": role})
    return get_account(cat, name)


def get_account(cat: Catalogue, name: str) -> sqlite3.Row:
    row = cat.one("SELECT id, name, full_name, role, active, created_at FROM accounts WHERE name = ?",
                  (nfc(name.strip()),))
    if row is None:
        raise NotFound("account.not_found", name=name)
    return row


def list_accounts(cat: Catalogue) -> list[sqlite3.Row]:
    """Every account without its PIN hash, by name."""
    return cat.query("SELECT id, name, full_name, role, active, created_at FROM accounts ORDER BY name")


def active_count(cat: Catalogue) -> int:
    return int(cat.one("SELECT count(*) FROM accounts WHERE active = 1")[0])


def verify(cat: Catalogue, name: str, pin: str) -> sqlite3.Row | None:
    """The active account when ``pin`` is its PIN, else None (unknown name and wrong PIN look the same)."""
    row = cat.one("SELECT pin_hash FROM accounts WHERE name = ? AND active = 1", (nfc(name.strip()),))
    if row is None:
        hash_pin(pin)  # same cost as a real check, so a wrong name is not told apart by its speed
        return None
    return get_account(cat, name) if pin_matches(pin, row["pin_hash"]) else None


def set_active(cat: Catalogue, name: str, active: bool) -> None:
    """Disable (or enable again) an account; its past verdicts and events keep its name."""
    account = get_account(cat, name)
    cat.conn.execute("UPDATE accounts SET active = ? WHERE id = ?", (int(active), account["id"]))
    cat.event("metadata modification", "account", account["name"], detail={"active": active})
