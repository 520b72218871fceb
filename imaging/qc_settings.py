"""Every QC threshold in one place, each with the message key that explains it to the operator.

Why one module: a checker who asks "why was this page flagged?" gets one answer, and changing a threshold is one
edit reviewed in one diff. Values come from Thông tư 05/2025 (resolution, bit depth; shared/standards.md) or were
measured on the shared test pages and on deliberately degraded copies of them (tests/imaging/test_qc.py shows
how each threshold separates good from bad pages). Messages live in resources/i18n/messages.json (vi + en) and take
``{value}`` and ``{threshold}`` parameters.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    flag: str          # stable identifier stored with the page
    threshold: float
    reason: str        # message key (plain-language reason, vi + en)
    unit: str = ""


# A page is blank when almost nothing on it is ink and it has very few letter-sized marks.
BLANK_INK_FRACTION = Rule("blank_page", 0.002, "qc.blank_page", "fraction of pixels")
BLANK_MAX_LETTERS = 15

# Focus: normalised Laplacian energy of a region with text (see qc.sharpness); below this the region is blurred.
# Measured: sharp test pages 0.46–0.86; the same pages blurred by a 2 px (0.17 mm) Gaussian 0.21–0.42, by 3 px
# 0.21–0.31. Below 0.3 a region is visibly out of focus.
MIN_SHARPNESS = Rule("blurred_region", 0.3, "qc.blurred_region", "sharpness")
SHARPNESS_GRID = (3, 3)          # regions per page (rows, columns)
SHARPNESS_MIN_INK = 0.01         # regions with less ink than this are not judged

# Clipping in the master: pure white or pure black pixels lose detail that no cleanup can bring back.
MAX_CLIPPED_HIGHLIGHTS = Rule("clipped_highlights", 0.05, "qc.clipped_highlights", "fraction of pixels")
MAX_CLIPPED_SHADOWS = Rule("clipped_shadows", 0.02, "qc.clipped_shadows", "fraction of pixels")

# Skew left in the cleaned page (degrees).
MAX_REMAINING_SKEW = Rule("skewed", 0.3, "qc.skewed", "degrees")

# Resolution and bit depth minimums (Thông tư 05/2025: 200 dpi administrative documents, 300 dpi maps and
# technical drawings, colour at 24 bit or more).
MIN_DPI = {"admin": 200.0, "faded": 200.0, "book": 200.0, "feeder": 200.0, "other": 200.0, "photo": 200.0,
           "map": 300.0, "drawing": 300.0}
LOW_RESOLUTION = Rule("low_resolution", 200.0, "qc.low_resolution", "dpi")
UNKNOWN_RESOLUTION = Rule("unknown_resolution", 0.0, "qc.unknown_resolution", "dpi")
MIN_BIT_DEPTH = Rule("low_bit_depth", 24.0, "qc.low_bit_depth", "bits per pixel")

# Content cut at an edge: letter-sized marks touching the cleaned page's edge.
MAX_EDGE_CUT_MARKS = Rule("content_cut", 4.0, "qc.content_cut", "marks")

# Repeated page / double feed: perceptual hashes (64 bits) this close are "the same page".
MAX_REPEAT_DISTANCE = Rule("repeated_page", 6.0, "qc.repeated_page", "bits")

# Page count against the dossier's expected count (numberOfPage): any difference is shown.
PAGE_COUNT_MISMATCH = Rule("page_count", 0.0, "qc.page_count", "pages")

ALL_RULES = (BLANK_INK_FRACTION, MIN_SHARPNESS, MAX_CLIPPED_HIGHLIGHTS, MAX_CLIPPED_SHADOWS, MAX_REMAINING_SKEW,
             LOW_RESOLUTION, UNKNOWN_RESOLUTION, MIN_BIT_DEPTH, MAX_EDGE_CUT_MARKS,
             MAX_REPEAT_DISTANCE, PAGE_COUNT_MISMATCH)
