"""Condition assessment (tình trạng vật lý) and the backup priority computed from it.

The seven signs are those of Quyết định 76/QĐ-TTg (nhạt màu, đổi màu, rách, thủng lỗ, mủn, giòn, mờ chữ), each
graded 0 (absent) to 3 (severe). Born-digital records have their own at-risk signs. The priority rule is a
documented decision (docs/decisions/0004-backup-priority.md): signs that mean the original is physically
falling apart weigh most, because those pages may not survive another handling.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from .db import Catalogue
from .errors import FieldProblem, ValidationError
from .events import now_iso
from .tt05 import fold

# sign → (Vietnamese name, weight)
PAPER_SIGNS: dict[str, tuple[str, int]] = {
    "crumbling": ("mủn", 5),
    "brittle": ("giòn", 4),
    "holed": ("thủng lỗ", 3),
    "torn": ("rách", 3),
    "blurred": ("mờ chữ", 3),
    "faded": ("nhạt màu", 2),
    "discoloured": ("đổi màu", 1),
}
DIGITAL_SIGNS: dict[str, tuple[str, int]] = {
    "unopenable": ("không mở được", 5),
    "unverifiable": ("không xác thực được", 4),
    "obsolete_format": ("định dạng lỗi thời", 3),
}
SEVERITY = {0: "không", 1: "nhẹ", 2: "vừa", 3: "nặng"}
PRIORITY_NAMES = {1: "khẩn cấp", 2: "cao", 3: "trung bình", 4: "thấp"}


def sign_key(name: str) -> str | None:
    """A sign as the operator names it (English key or Vietnamese name, diacritics optional) → its key."""
    wanted = fold(name.strip())
    for key, (name_vi, _weight) in (PAPER_SIGNS | DIGITAL_SIGNS).items():
        if wanted in (key, fold(name_vi)):
            return key
    return None


def parse_severity(raw: object) -> int | None:
    """0–3 as a number or a word (không, nhẹ, vừa, nặng); None for anything else."""
    if isinstance(raw, float) and raw.is_integer():  # a spreadsheet cell holding 2.0
        raw = int(raw)
    text = fold(str(raw).strip())
    if text.isascii() and text.isdigit():  # "²".isdigit() is True but int("²") fails
        level: int | None = int(text)
    else:
        level = {fold(word): n for n, word in SEVERITY.items()}.get(text)
    return level if level is not None and 0 <= level <= 3 else None


def score_and_priority(signs: dict[str, int], special_value: bool) -> tuple[int, int]:
    """Weighted sum of severities; priority 1 (urgent) … 4 (low).

    Priority 1: any sign of crumbling or brittleness at severity 3, or a score ≥ 15.
    Priority 2: score ≥ 8. Priority 3: score ≥ 1. Priority 4: nothing noticed.
    A record of special value (giá trị đặc biệt) moves up one level.
    """
    weights = {**PAPER_SIGNS, **DIGITAL_SIGNS}
    score = sum(weights[k][1] * v for k, v in signs.items())
    if any(signs.get(k, 0) >= 3 for k in ("crumbling", "brittle", "unopenable")) or score >= 15:
        priority = 1
    elif score >= 8:
        priority = 2
    elif score >= 1:
        priority = 3
    else:
        priority = 4
    if special_value:
        priority = max(1, priority - 1)
    return score, priority


def check(signs: dict[str, int], assessor: str) -> None:
    """Refuse unknown signs, severities outside 0–3 and a missing assessor (also before a photo is stored)."""
    problems = [FieldProblem("condition.unknown_sign", field=k, known=", ".join({**PAPER_SIGNS, **DIGITAL_SIGNS}))
                for k in signs if k not in PAPER_SIGNS and k not in DIGITAL_SIGNS]
    problems += [FieldProblem("condition.bad_severity", field=k, value=v)
                 for k, v in signs.items() if not (isinstance(v, int) and 0 <= v <= 3)]
    if not assessor.strip():
        problems.append(FieldProblem("field.required", field="assessor", label="Người đánh giá"))
    if problems:
        raise ValidationError(problems)


def assess(cat: Catalogue, dossier_id: int, signs: dict[str, int], *, assessor: str,
           assessed_on: str | None = None, document_id: int | None = None, special_value: bool = False,
           notes: str | None = None, photo_sha256: str | None = None) -> dict[str, Any]:
    """Record an assessment (history is kept: the newest one counts). ``photo_sha256``: a photo of the damage,
    already durable in the vault and registered as an object (``pages.register_object``) in this transaction."""
    check(signs, assessor)
    assessed_on = assessed_on or date.today().isoformat()
    score, priority = score_and_priority(signs, special_value)
    row = {"dossier_id": dossier_id, "document_id": document_id, **signs,
           "special_value": int(special_value), "score": score, "priority": priority, "assessor": assessor,
           "assessed_on": assessed_on, "notes": notes, "created_at": now_iso(), "photo_sha256": photo_sha256}
    cat.conn.execute(f"INSERT INTO conditions ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                     tuple(row.values()))
    code = cat.one('SELECT "fileCode" FROM dossiers WHERE id = ?', (dossier_id,))[0]
    cat.event("metadata modification", "dossier", code,
              detail={"condition": signs, "priority": priority, "assessor": assessor,
                      **({"photo_sha256": photo_sha256} if photo_sha256 else {})})
    return {"score": score, "priority": priority, **({"photo_sha256": photo_sha256} if photo_sha256 else {})}


def latest(cat: Catalogue, dossier_id: int) -> sqlite3.Row | None:
    return cat.one("SELECT * FROM conditions WHERE dossier_id = ? AND document_id IS NULL ORDER BY id DESC "
                   "LIMIT 1", (dossier_id,))


def at_risk(cat: Catalogue) -> list[sqlite3.Row]:
    """Dossiers whose newest assessment shows any sign, most urgent first (danh mục tài liệu có nguy cơ)."""
    return cat.query("""
        WITH newest AS (
          SELECT c.* FROM conditions c
          WHERE c.document_id IS NULL AND c.id = (SELECT max(id) FROM conditions c2
                                                  WHERE c2.dossier_id = c.dossier_id AND c2.document_id IS NULL)
        )
        SELECT d."fileCode", d.title, d.maintenance, d.state, f.code AS fonds_code, n.*
        FROM newest n JOIN dossiers d ON d.id = n.dossier_id JOIN fonds f ON f.id = d.fonds_id
        WHERE n.score > 0 OR n.special_value = 1
        ORDER BY n.priority, n.score DESC, d."fileCode"
    """)
