"""Errors raised by workflow functions; like every SaoLưu error they carry a message key and parameters."""

from __future__ import annotations


class WorkflowError(Exception):
    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key, params)
        self.key = key
        self.params = params

    def __str__(self) -> str:
        return f"{self.key} {self.params}"
