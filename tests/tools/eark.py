"""The OPF eark-validator in its own virtual environment (.venv-eark), run as a real subprocess.

eark-validator 1.1.3 pins lxml==5.1.0 and pyHanko needs lxml>=5.4, so it cannot live in .venv (decision 0013).
`make venv` creates .venv-eark; this helper creates it too when a single test file is run on a fresh checkout.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
VENV = REPO / ".venv-eark"
PYTHON = VENV / "bin" / "python"
RUNNER = Path(__file__).with_name("eark_validate.py")


def _requirements() -> list[str]:
    """The ``eark`` extra of pyproject.toml: the one place the validator's version is named."""
    import tomllib

    with open(REPO / "pyproject.toml", "rb") as fh:
        return list(tomllib.load(fh)["project"]["optional-dependencies"]["eark"])


def ensure() -> Path | None:
    """The venv's python, installing eark-validator from PyPI when missing; None when that cannot be done."""
    if PYTHON.is_file() and subprocess.run([str(PYTHON), "-c", "import eark_validator"],
                                           capture_output=True).returncode == 0:
        return PYTHON
    try:
        if not PYTHON.is_file():
            subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True, capture_output=True, timeout=300)
        subprocess.run([str(PYTHON), "-m", "pip", "install", "-q", *_requirements()], check=True, capture_output=True,
                       timeout=600)
    except (subprocess.SubprocessError, OSError):
        return None
    return PYTHON


def validate(ip: Path) -> dict[str, Any]:
    proc = subprocess.run([str(PYTHON), str(RUNNER), str(ip), "V2.0.4"], capture_output=True, text=True,
                          timeout=300)
    if proc.returncode != 0:
        raise AssertionError(f"eark-validator failed: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout)


def errors(report: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Every Error-severity result: structure, METS schema and Common Specification (CSIP) rules. The
    E-ARK SIP profile's own rules (SIP*) do not apply to an AIP and are left out."""
    out = []
    for m in report["structure"]["messages"]:
        if m["severity"] == "Error":
            out.append((m["rule_id"], m["location"] or "", m["message"] or ""))
    for part in ("schema_results", "schematron_results"):
        for m in (report.get("metadata") or {}).get(part, {}).get("messages", []):
            rule = m["rule_id"] or ""
            if m["severity"] == "Error" and not rule.startswith("SIP"):
                out.append((rule, m["location"] or "", m["message"] or ""))
    return out


if __name__ == "__main__":  # `make venv`: python -m tests.tools.eark
    sys.exit(0 if ensure() else 1)
