"""Run the Open Preservation Foundation's eark-validator on one information package folder; print JSON.

Runs inside its own virtual environment (.venv-eark): eark-validator 1.1.3 pins lxml==5.1.0 while pyHanko needs
lxml>=5.4, so the two cannot share one environment (decision 0013).

On import, eark-validator fetches four CSIP vocabulary files from earkcsip.dilcis.eu. This machine has no
internet, and the same four files ship inside the eark-validator package itself (ipxml/resources/vocabs), so
``urllib.request.urlopen`` is answered from there for exactly those URLs. This replaces the validator's
download, not any part of SaoLưu (the system under test), and any other URL still fails loudly.

Usage: python eark_validate.py IP_FOLDER [VERSION]  (VERSION defaults to V2.0.4)
"""

from __future__ import annotations

import importlib.util
import io
import sys
import urllib.request
from pathlib import Path

PACKAGE_DIR = Path(importlib.util.find_spec("eark_validator").submodule_search_locations[0])
VOCABS = PACKAGE_DIR / "ipxml" / "resources" / "vocabs"
PREFIX = "https://earkcsip.dilcis.eu/schema/"
_real_urlopen = urllib.request.urlopen


def _local_urlopen(url, *args, **kwargs):
    text = url if isinstance(url, str) else url.full_url
    if text.startswith(PREFIX):
        local = VOCABS / text[len(PREFIX):]
        if local.is_file():
            return io.BytesIO(local.read_bytes())
    return _real_urlopen(url, *args, **kwargs)


urllib.request.urlopen = _local_urlopen


def main() -> int:
    from eark_validator import packages
    from eark_validator.specifications.specification import SpecificationVersion

    path = Path(sys.argv[1])
    version = SpecificationVersion(sys.argv[2] if len(sys.argv) > 2 else "V2.0.4")
    report = packages.PackageValidator(path, version).validation_report
    print(report.model_dump_json())
    return 0


if __name__ == "__main__":
    sys.exit(main())
