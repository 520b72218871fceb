"""Every message SaoLưu can show exists in Vietnamese and English, with the same placeholders in both."""

from __future__ import annotations

import ast
import json
import re
import string
from pathlib import Path

import pytest

from app import cli as cli_mod
from app import i18n
from storage.errors import FieldProblem, ValidationError

REPO = Path(__file__).resolve().parents[2]
SOURCES = ("app", "storage", "imaging", "scanner")
KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
# Dotted literals that are file or folder names, not message keys.
FILE_SUFFIXES = {"json", "sqlite", "key", "pub", "tmp", "conf", "d", "py", "txt", "csv", "xlsx", "pdf", "tif",
                 "tiff", "png", "jpg", "xml", "qm", "ts", "p12", "log"}


def catalogue() -> dict[str, dict[str, str]]:
    return json.loads((REPO / "resources" / "i18n" / "messages.json").read_text(encoding="utf-8"))


def placeholders(template: str) -> set[str]:
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(template) if name}


def source_files() -> list[Path]:
    return sorted(p for root in SOURCES for p in (REPO / root).rglob("*.py"))


def literal_keys() -> dict[str, list[str]]:
    """Every string literal in the code that looks like a message key, with where it appears."""
    found: dict[str, list[str]] = {}
    for path in source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            value = node.value
            if not KEY.match(value) or value.rsplit(".", 1)[1] in FILE_SUFFIXES:
                continue
            if (REPO / (value.replace(".", "/") + ".py")).exists():  # the name of a lazily imported module
                continue
            found.setdefault(value, []).append(f"{path.relative_to(REPO)}:{node.lineno}")
    return found


def test_catalogue_is_valid_json_without_duplicate_keys():
    text = (REPO / "resources" / "i18n" / "messages.json").read_text(encoding="utf-8")
    seen: list[str] = []

    def pairs(items):
        seen.extend(k for k, _ in items)
        return dict(items)

    json.loads(text, object_pairs_hook=pairs)
    entries = [k for k in seen if KEY.match(k)]
    assert len(entries) == len(set(entries)), sorted({k for k in entries if entries.count(k) > 1})


def test_the_scan_finds_the_keys_it_should():
    """Guard for the scan itself: known keys from several layers are found, file names are not."""
    keys = literal_keys()
    for expected in ("home.disk_full", "image.corrupt", "field.too_long", "import.duplicate", "log.intact"):
        assert expected in keys
    for not_a_key in ("catalogue.sqlite", "station.json", "messages.json"):
        assert not_a_key not in keys


def test_every_key_used_in_the_code_is_in_the_catalogue_in_both_languages():
    messages = catalogue()
    missing = {key: where for key, where in literal_keys().items() if key not in messages}
    assert not missing, "message keys used in code but absent from messages.json:\n" + "\n".join(
        f"  {k}  ({', '.join(w)})" for k, w in sorted(missing.items()))
    for key in literal_keys():
        assert messages[key].get("vi", "").strip() and messages[key].get("en", "").strip(), key


def test_command_help_keys_built_at_run_time_exist(monkeypatch):
    asked: list[str] = []

    def recording_tr(key, lang="vi", **params):
        asked.append(key)
        return i18n.tr(key, lang, **params)

    monkeypatch.setattr(cli_mod, "tr", recording_tr)
    cli_mod.build_parser("en")
    assert "cli.help.cmd_init" in asked  # built from the handler's name
    messages = catalogue()
    assert sorted(k for k in asked if k not in messages) == []


def test_event_chain_problem_kinds_have_messages():
    source = (REPO / "storage" / "events.py").read_text(encoding="utf-8")
    kinds = set(re.findall(r'ChainProblem\("([a-z_]+)"', source))
    assert kinds == {"gap", "broken", "edited", "truncated"}
    messages = catalogue()
    assert sorted(k for k in kinds if f"log.{k}" not in messages) == []


def test_every_entry_has_both_languages_with_the_same_placeholders():
    problems = []
    for key, entry in catalogue().items():
        if set(entry) != {"vi", "en"} or not all(isinstance(v, str) and v.strip() for v in entry.values()):
            problems.append(f"{key}: needs exactly non-empty 'vi' and 'en', has {sorted(entry)}")
            continue
        vi, en = placeholders(entry["vi"]), placeholders(entry["en"])
        if vi != en:
            problems.append(f"{key}: vi has {sorted(vi)}, en has {sorted(en)}")
    assert not problems, "\n".join(problems)


def test_every_template_formats():
    """A stray brace would make ``str.format`` fail at the moment the message is needed."""
    for _key, entry in catalogue().items():
        for lang in ("vi", "en"):
            params = dict.fromkeys(placeholders(entry[lang]), "X")
            entry[lang].format(**params)  # raises on a malformed template


# -- how messages are chosen ------------------------------------------------------------------------------------------
def test_language_precedence(monkeypatch):
    monkeypatch.delenv("SAOLUU_LANG", raising=False)
    assert i18n.language() == "vi"
    assert i18n.language(None, "en") == "en"
    monkeypatch.setenv("SAOLUU_LANG", "en_US.UTF-8")
    assert i18n.language(None, "vi") == "en"
    assert i18n.language("vi", "en") == "vi"
    assert i18n.language("fr") == "en"  # unknown explicit choice falls through to the environment


def test_field_problems_use_the_field_label_of_the_chosen_language():
    from storage import tt05

    with pytest.raises(ValidationError) as info:
        tt05.validate(tt05.DOSSIER_FIELDS, {"title": "x" * 1001}, partial=True)
    en = i18n.describe(info.value, "en")
    vi = i18n.describe(info.value, "vi")
    assert '"Dossier title" (title) has 1001 characters, at most 1000' in en
    assert '"Tiêu đề hồ sơ" (title) dài 1001 ký tự, tối đa 1000' in vi
    # problems raised without an English label keep the one they have
    plain = FieldProblem("field.required", field="name", label="Tên phông")
    assert '"Tên phông" (name)' in i18n.describe(plain, "en")


def test_unknown_key_and_unexpected_errors_are_still_shown():
    assert i18n.tr("no.such_key", "en", x=1) == 'no.such_key {"x": 1}'
    text = i18n.describe(RuntimeError("boom"), "en")
    assert text.startswith("Unexpected error: RuntimeError: boom")
    assert i18n.tr("home.disk_full", "en") == i18n.catalogue()["home.disk_full"]["en"]  # missing params kept
