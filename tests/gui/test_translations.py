"""The committed English translation is complete and compiled: every UI string of the code is in the .ts with
a finished English text, and the committed .qm gives exactly those texts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTranslator

from app import i18n_build

pytestmark = pytest.mark.gui


def test_ts_has_exactly_the_strings_of_the_code() -> None:
    found = i18n_build.code_strings("en")
    committed = set(i18n_build.messages(i18n_build.ts_path("en")))
    assert found, "lupdate found no strings: is app/gui scanned?"
    assert not found - committed, f"run `make translations` and translate: {sorted(found - committed)}"
    assert not committed - found, f"run `make translations` (strings left the code): {sorted(committed - found)}"


def test_every_message_has_a_finished_english_translation() -> None:
    assert i18n_build.untranslated(i18n_build.ts_path("en")) == []


def test_committed_qm_translates_every_message_as_the_ts_says(qapp) -> None:
    translator = QTranslator()
    assert translator.load(str(i18n_build.qm_path("en")))
    for (context, source), message in i18n_build.messages(i18n_build.ts_path("en")).items():
        expected = message.findtext("translation")
        assert translator.translate(context, source) == expected, (context, source)


def test_committed_qm_is_compiled_from_the_committed_ts() -> None:
    assert i18n_build.qm_matches_ts("en"), "run `make translations` and commit the .qm"


def test_build_check_passes() -> None:
    assert i18n_build.check() == []
