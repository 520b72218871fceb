"""The SANE backend against the real SANE ``test`` backend through python-sane (no mock of ``sane``).

Why: this module is where the python-sane pitfalls are handled (shared/platform-notes.md §2, -2.md §1): 16-bit
images read wrongly by ``scan()``, silent clamping, options that only become settable once another is set, a
cancel that returns a truncated image with no error. Each test drives the demo scanner into one of them.
The device is opened in this process (the app opens it only in the scanning child; tests/app covers that).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator

import numpy as np
import pytest

from scanner import config
from scanner.errors import ScannerError
from scanner.model import Range, ScanRequest

pytestmark = pytest.mark.sane

A4_300 = (3507, 2480)  # rows, columns: 297 mm floors to 3507 lines (platform-notes §1)


@pytest.fixture(scope="module", autouse=True)
def demo_sane_config() -> Iterator[None]:
    """SaoLưu's shipped config: the test backend only, with a 430 mm bed (A3 fits)."""
    previous = os.environ.get("SANE_CONFIG_DIR")
    os.environ["SANE_CONFIG_DIR"] = config.prepare(config.shipped_dir(), demo_only=True)
    yield
    if previous is None:
        os.environ.pop("SANE_CONFIG_DIR", None)
    else:
        os.environ["SANE_CONFIG_DIR"] = previous


@pytest.fixture
def scanner():
    """test:0, put back to plain settings afterwards: the test backend keeps option values across
    close/open within one process (platform-notes-2 §1e), so a slow or failing setting would leak."""
    from scanner.sane_backend import SaneScanner

    with SaneScanner("test:0") as dev:
        yield dev
        # After a read error, pages() leaves the cancel to us. The test backend's cancel kills its reader
        # thread asynchronously and deadlocks about once in 300 when that thread is still starting up
        # (seen with gdb: stuck in free() at thread exit); the app survives that in its child process
        # (tests/app), an in-process test would hang, so give the reader a moment first.
        time.sleep(0.05)
        dev.cancel()
        for name, value in (("read_delay", False), ("read_return_value", "Default"), ("depth", 8),
                            ("mode", "Color"), ("source", "Flatbed"), ("test_picture", "Color pattern")):
            setattr(dev.dev, name, value)


def scan_one(scanner, req: ScanRequest):
    scanner.configure(req)
    pages = list(scanner.pages(req))
    assert len(pages) == 1
    return pages[0]


def test_devices_list_the_demo_scanner() -> None:
    from scanner.sane_backend import list_devices

    devices = {d.id: d for d in list_devices()}
    assert devices["test:0"].demo and devices["test:0"].vendor == "Noname"


def test_capabilities_of_the_demo_scanner(scanner) -> None:
    caps = scanner.capabilities()
    assert caps.sources == {"flatbed": "Flatbed", "adf": "Automatic Document Feeder"}
    assert caps.modes == {"gray": "Gray", "color": "Color"}
    assert caps.depths == [1, 8, 16]
    assert caps.resolutions == Range(1.0, 1200.0, 1.0)
    assert (caps.max_width_mm, caps.max_height_mm) == (430.0, 430.0)  # resources/sane.d/test.conf geometry_max
    assert caps.duplex_option is None and caps.as_dict()["duplex"] is False
    # --set may name options that are inactive until another is set (read-delay-duration after read-delay).
    delay_option = caps.options["read-delay-duration"]
    assert delay_option["constraint"] == Range(1000.0, 200000.0, 1000.0)


def test_a4_at_300_dpi_is_2480_by_3507(scanner) -> None:
    page = scan_one(scanner, ScanRequest(resolution=300, page_size="A4"))
    assert page.pixels.shape == (*A4_300, 3) and page.pixels.dtype == np.uint8
    assert (page.resolution, page.depth, page.mode) == (300, 8, "color")


def test_a3_fits_the_demo_bed(scanner) -> None:
    page = scan_one(scanner, ScanRequest(resolution=100, page_size="A3"))
    # 297 x 420 mm at 100 dpi: 1169 x 1653 (floored)
    assert page.pixels.shape == (1653, 1169, 3)


def test_sixteen_bit_scan_is_a_uint16_array_of_the_right_shape(scanner) -> None:
    req = ScanRequest(resolution=150, depth=16, page_size="A4")
    page = scan_one(scanner, req)
    # python-sane's scan() reads these bytes as 8-bit and returns a 1240x3506 image; we must not.
    assert page.pixels.shape == (1753, 1240, 3) and page.pixels.dtype == np.uint16
    assert page.depth == 16
    assert np.unique(page.pixels).size > 256  # real 16-bit levels, not 8-bit values spread out


def test_gray_scan_has_one_sample(scanner) -> None:
    page = scan_one(scanner, ScanRequest(resolution=75, mode="gray", page_size="A5"))
    assert page.pixels.shape == (620, 437, 1) and page.mode == "gray"


def test_option_values_report_what_was_set(scanner) -> None:
    req = ScanRequest(source="adf", mode="gray", depth=16, resolution=123, page_size=None,
                      area_mm=(10, 20, 110, 220),
                      backend_options={"test-picture": "Grid", "read-delay": "yes", "read-delay-duration": "2000"})
    values = scanner.configure(req)
    assert values["source"] == "Automatic Document Feeder" and values["mode"] == "Gray"
    assert values["depth"] == 16 and values["resolution"] == 123
    assert (values["tl-x"], values["tl-y"], values["br-x"], values["br-y"]) == (10, 20, 110, 220)
    assert values["test-picture"] == "Grid"
    delay_us = values["read-delay-duration"]  # a backend option's value, not a timing
    assert values["read-delay"] and delay_us == 2000
    assert values == scanner.option_values()


def test_an_option_that_stays_inactive_is_refused(scanner) -> None:
    req = ScanRequest(resolution=75, backend_options={"read-delay-duration": "2000"})  # read-delay is off
    with pytest.raises(ScannerError) as info:
        scanner.configure(req)
    refused, expected = info.value.params["option"], req.backend_options.popitem()[0]
    assert info.value.key == "scanner.option_inactive" and refused == expected


def test_out_of_range_values_are_refused_before_the_device_clamps_them(scanner) -> None:
    with pytest.raises(ScannerError) as info:
        scanner.configure(ScanRequest(resolution=5000))
    assert info.value.key == "scanner.bad_resolution"
    assert scanner.option_values()["resolution"] != 1200  # nothing was applied


def test_feeder_batch_ends_normally_after_ten_sheets(scanner) -> None:
    req = ScanRequest(source="adf", resolution=50, pages=None)
    scanner.configure(req)
    pages = list(scanner.pages(req))
    assert [p.index for p in pages] == list(range(10))
    again = list(scanner.pages(req))  # the feeder "refills" once it reported empty
    assert len(again) == 10


@pytest.mark.parametrize(("status", "key", "resumable"), [
    ("SANE_STATUS_JAMMED", "scanner.jammed", True),
    ("SANE_STATUS_COVER_OPEN", "scanner.cover_open", True),
    ("SANE_STATUS_IO_ERROR", "scanner.io_error", True),
    ("SANE_STATUS_DEVICE_BUSY", "scanner.busy", True),
    ("SANE_STATUS_NO_DOCS", "scanner.feeder_empty", True),
    ("SANE_STATUS_ACCESS_DENIED", "scanner.access_denied", False),
    ("SANE_STATUS_EOF", "scanner.no_data", True),
])
def test_device_errors_become_message_keys(scanner, status: str, key: str, resumable: bool) -> None:
    req = ScanRequest(source="adf", resolution=50, pages=None, backend_options={"read-return-value": status})
    scanner.configure(req)
    with pytest.raises(ScannerError) as info:
        next(scanner.pages(req))
    assert (info.value.key, info.value.resumable) == (key, resumable)
    assert info.value.params["device"] == "test:0"


def test_cancel_mid_page_yields_no_truncated_page(scanner) -> None:
    req = ScanRequest(resolution=150, mode="gray", pages=2,
                      backend_options={"read-delay": "yes", "read-delay-duration": "20000"})
    scanner.configure(req)
    stop = threading.Event()
    reading = threading.Event()

    def progress(page: int, lines: int, total: int) -> None:
        reading.set()

    def cancel_soon() -> None:
        if reading.wait(10):
            time.sleep(0.1)
        stop.set()
        scanner.cancel()

    threading.Thread(target=cancel_soon, daemon=True).start()
    got = []
    with pytest.raises(ScannerError) as info:
        for page in scanner.pages(req, progress=progress, cancelled=stop.is_set):
            got.append(page)
    assert got == [] and info.value.key == "scanner.cancelled_page" and info.value.params["page"] == 1
    # the handle still works afterwards
    plain = ScanRequest(resolution=50, mode="gray", pages=1, backend_options={"read-delay": "no"})
    assert scan_one(scanner, plain).pixels.shape[0] > 0


def test_preview_is_the_whole_bed_at_low_resolution() -> None:
    from scanner.sane_backend import preview

    page = preview("test:0", resolution=30)
    # 430 mm at 30 dpi = 507 pixels both ways
    assert page.pixels.shape == (507, 507, 3) and page.resolution == 30


def test_cancel_between_start_and_the_first_read_is_a_discarded_page(scanner) -> None:
    """The backend then answers "Operation was canceled" (or "Invalid argument") instead of a truncated
    image: that is still the operator's Stop, not a device error."""
    stop = threading.Event()
    real_start = scanner.dev.start

    def start_then_stop() -> None:  # the Stop lands before the first read, as it can from another thread
        real_start()
        stop.set()
        time.sleep(0.03)  # not at once: the backend's reader thread must be past its start (fixture's note)
        scanner.cancel()

    scanner.dev.start = start_then_stop  # an instance attribute on python-sane's SaneDev, not a mock of sane
    try:
        req = ScanRequest(resolution=75, pages=1)
        scanner.configure(req)
        with pytest.raises(ScannerError) as info:
            list(scanner.pages(req, cancelled=stop.is_set))
    finally:
        del scanner.dev.__dict__["start"]
    assert (info.value.key, info.value.params["page"]) == ("scanner.cancelled_page", 1)
