"""Scanner errors: a message key (see resources/i18n/messages.json) plus parameters, like every SaoLưu error.

``resumable`` says whether the operator can fix the cause and continue the same batch (a jam, an open cover)
or must look at the device first (it disappeared, crashed or hung).
"""

from __future__ import annotations


class ScannerError(Exception):
    def __init__(self, key: str, *, resumable: bool = False, **params: object) -> None:
        super().__init__(key, params)
        self.key = key
        self.params = params
        self.resumable = resumable

    def __str__(self) -> str:
        return f"{self.key} {self.params}"


# SANE status texts (sane_strstatus, English, never translated by backends) → our message keys.
SANE_STATUS_KEYS: dict[str, tuple[str, bool]] = {
    "Document feeder jammed": ("scanner.jammed", True),
    "Document feeder out of documents": ("scanner.feeder_empty", True),
    "Scanner cover is open": ("scanner.cover_open", True),
    "Error during device I/O": ("scanner.io_error", True),
    "Device busy": ("scanner.busy", True),
    "Operation was canceled": ("scanner.cancelled", True),
    "Operation was cancelled": ("scanner.cancelled", True),
    "Out of memory": ("scanner.no_memory", True),
    "Access to resource has been denied": ("scanner.access_denied", False),
    "Invalid argument": ("scanner.invalid_argument", False),
    "Operation not supported": ("scanner.unsupported", False),
    "Scanner returned no data": ("scanner.no_data", True),
}


def from_sane_message(message: str, device: str) -> ScannerError:
    key, resumable = SANE_STATUS_KEYS.get(message.strip(), ("scanner.device_error", True))
    return ScannerError(key, resumable=resumable, device=device, detail=message)
