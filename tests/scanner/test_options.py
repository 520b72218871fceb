"""Option mapping and request validation, without a device (scanner/options.py).

Why it matters: backends name the same source or mode differently, and SANE clamps an out-of-range value
silently (a 5000 dpi request scans at 1200). SaoLưu maps every backend's strings onto its own vocabulary and
refuses, before scanning, anything the device cannot do exactly as asked, naming what is allowed.
"""

from __future__ import annotations

import pytest

from scanner.errors import ScannerError
from scanner.model import Capabilities, Device, Range, ScanRequest
from scanner.options import coerce_option, map_modes, map_sources, validate_request


@pytest.mark.parametrize(("backend", "ours"), [
    ("Flatbed", "flatbed"), ("FlatBed", "flatbed"), ("Normal", "flatbed"),
    ("Automatic Document Feeder", "adf"), ("ADF", "adf"), ("ADF Front", "adf"),
    ("ADF Back", "adf_back"), ("ADF Duplex", "adf_duplex"), ("Duplex", "adf_duplex"),
    ("Automatic Document Feeder(left aligned,Duplex)", "adf_duplex"),
    ("Transparency Unit", "transparency"), ("TPU8x10", "transparency"),
    ("flatbed", "flatbed"), ("adf duplex", "adf_duplex"),  # case-insensitive second pass
    ("Film strip holder", "other"),
])
def test_source_strings_map_to_our_vocabulary(backend: str, ours: str) -> None:
    assert map_sources([backend]) == {ours: backend}


@pytest.mark.parametrize(("backend", "ours"), [
    ("Color", "color"), ("24bit Color", "color"), ("COLOR", "color"), ("color", "color"),
    ("Gray", "gray"), ("True Gray", "gray"), ("Grayscale", "gray"), ("GRAY", "gray"),
    ("Lineart", "lineart"), ("Black & White", "lineart"), ("black & white", "lineart"),
    ("Halftone", "halftone"), ("Dithered", "halftone"),
    ("Infrared", "other"),
])
def test_mode_strings_map_to_our_vocabulary(backend: str, ours: str) -> None:
    assert map_modes([backend]) == {ours: backend}


def test_first_backend_string_wins_and_deep_modes_are_not_modes_of_their_own() -> None:
    # fujitsu-like list: front, back, duplex; two strings for one of ours keep the first.
    assert map_sources(["ADF Front", "ADF Back", "ADF Duplex", "ADF"]) == {
        "adf": "ADF Front", "adf_back": "ADF Back", "adf_duplex": "ADF Duplex"}
    # pixma: "48 bits color" is color at depth 16, chosen through depth, not offered as a mode.
    assert map_modes(["Color", "48 bits color", "Gray", "16 bits gray", "Lineart"]) == {
        "color": "Color", "gray": "Gray", "lineart": "Lineart"}


def caps(resolutions: list[float] | Range | None = None) -> Capabilities:
    """A flatbed + feeder scanner like the demo one (A3-capable bed, 1..1200 dpi, three typed options)."""
    return Capabilities(
        Device("test:0", "Noname", "frontend-tester", "virtual device", demo=True),
        sources={"flatbed": "Flatbed", "adf": "Automatic Document Feeder"},
        modes={"color": "Color", "gray": "Gray"},
        depths=[1, 8, 16],
        resolutions=Range(1.0, 1200.0, 1.0) if resolutions is None else resolutions,
        max_width_mm=430.0, max_height_mm=430.0,
        options={
            "read-delay": {"type": "bool", "constraint": None},
            "read-delay-duration": {"type": "int", "constraint": Range(1000.0, 200000.0, 1000.0)},
            "ppl-loss": {"type": "int", "constraint": Range(0.0, 128.0, 1.0)},
            "brightness": {"type": "fixed", "constraint": Range(-100.0, 100.0, 0.0)},
            "read-return-value": {"type": "string", "constraint": ["Default", "SANE_STATUS_JAMMED"]},
            "speed": {"type": "int", "constraint": [1, 2, 4]},
        })


def refusal(req: ScanRequest, capabilities: Capabilities | None = None) -> ScannerError:
    with pytest.raises(ScannerError) as info:
        validate_request(capabilities or caps(), req)
    return info.value


def test_a_request_the_device_can_do_passes() -> None:
    validate_request(caps(), ScanRequest(source="adf", mode="gray", depth=16, resolution=600, page_size="A3",
                                         backend_options={"read-delay": "yes", "ppl-loss": "3"}))


def test_out_of_range_resolution_is_refused_not_clamped() -> None:
    err = refusal(ScanRequest(resolution=5000))
    assert err.key == "scanner.bad_resolution"
    assert err.params["value"] == "5000" and err.params["allowed"] == "1–1200"


def test_resolution_off_the_quantisation_step_is_refused() -> None:
    err = refusal(ScanRequest(resolution=300.5))
    assert err.key == "scanner.bad_resolution"


def test_resolution_not_in_the_word_list_is_refused() -> None:
    listed = caps([75.0, 150.0, 300.0, 600.0])
    validate_request(listed, ScanRequest(resolution=300))
    err = refusal(ScanRequest(resolution=200), listed)
    assert err.key == "scanner.bad_resolution"
    assert err.params["allowed"] == "75, 150, 300, 600"


def test_unknown_source_mode_and_depth_are_refused_with_the_allowed_values() -> None:
    err = refusal(ScanRequest(source="adf_duplex"))
    assert (err.key, err.params["allowed"]) == ("scanner.bad_source", "adf, flatbed")
    err = refusal(ScanRequest(mode="lineart"))
    assert (err.key, err.params["allowed"]) == ("scanner.bad_mode", "color, gray")
    err = refusal(ScanRequest(depth=12))
    assert (err.key, err.params["allowed"]) == ("scanner.bad_depth", "1, 8, 16")


def test_duplex_through_a_separate_option_is_accepted() -> None:
    epson = caps()
    epson.duplex_option = "adf-mode"
    validate_request(epson, ScanRequest(source="adf_duplex"))


def test_area_larger_than_the_bed_is_refused() -> None:
    small_bed = caps()
    small_bed.max_width_mm, small_bed.max_height_mm = 216.0, 297.0
    validate_request(small_bed, ScanRequest(page_size="A4"))
    err = refusal(ScanRequest(page_size="A3"), small_bed)
    assert err.key == "scanner.area_too_large"
    assert (err.params["width"], err.params["height"]) == ("297", "420")
    err = refusal(ScanRequest(page_size=None, area_mm=(0, 0, 210, 300)), small_bed)
    assert err.key == "scanner.area_too_large"


def test_inverted_area_and_unknown_page_size_are_refused() -> None:
    assert refusal(ScanRequest(page_size=None, area_mm=(100, 0, 50, 200))).key == "scanner.bad_area"
    assert refusal(ScanRequest(page_size="A0")).key == "scanner.bad_page_size"


@pytest.mark.parametrize(("name", "value", "expected"), [
    ("read-delay", "yes", True), ("read-delay", "OFF", False), ("ppl-loss", "128", 128),
    ("read-delay-duration", "200000", 200000), ("brightness", "-12.5", -12.5),
    ("read-return-value", "SANE_STATUS_JAMMED", "SANE_STATUS_JAMMED"), ("speed", "4", 4),
])
def test_set_values_are_coerced_to_the_option_type(name: str, value: str, expected: object) -> None:
    got = coerce_option(caps(), name, value)
    assert got == expected and type(got) is type(expected)


@pytest.mark.parametrize(("name", "value"), [
    ("read-delay", "maybe"),                    # bool: not a yes/no word
    ("ppl-loss", "three"),                      # int: wrong type
    ("ppl-loss", "2.5"),                        # int: not an integer
    ("ppl-loss", "129"),                        # out of range
    ("read-delay-duration", "1500"),            # off the 1000 µs step
    ("brightness", "101"),                      # fixed out of range
    ("read-return-value", "SANE_STATUS_FIRE"),  # string not in the list
    ("speed", "3"),                             # int not in the word list
])
def test_bad_set_values_are_refused(name: str, value: str) -> None:
    with pytest.raises(ScannerError) as info:
        validate_request(caps(), ScanRequest(backend_options={name: value}))
    assert info.value.key == "scanner.bad_option_value"
    assert info.value.params["option"] == name and info.value.params["value"] == value


def test_unknown_option_is_refused_naming_the_known_ones() -> None:
    with pytest.raises(ScannerError) as info:
        validate_request(caps(), ScanRequest(backend_options={"lamp-colour": "blue"}))
    assert info.value.key == "scanner.unknown_option"
    assert "read-delay" in info.value.params["known"]


def test_every_refusal_key_has_a_message_in_both_languages() -> None:
    from app.i18n import catalogue

    keys = ["scanner.bad_resolution", "scanner.bad_source", "scanner.bad_mode", "scanner.bad_depth",
            "scanner.area_too_large", "scanner.bad_area", "scanner.bad_page_size", "scanner.bad_option_value",
            "scanner.unknown_option", "scanner.option_inactive"]
    for key in keys:
        assert catalogue()[key]["vi"] and catalogue()[key]["en"], key
