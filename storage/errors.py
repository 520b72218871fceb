"""Errors raised by the storage layer.

Every error carries a message *key* and parameters; the text is chosen at the edge (CLI or dialog) in the
user's language (see ``app/i18n.py``). The storage layer never formats user-facing text itself.
"""

from __future__ import annotations


class StorageError(Exception):
    """Base of storage errors: ``key`` names the message, ``params`` fill it in."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key, params)
        self.key = key
        self.params = params

    def __str__(self) -> str:  # useful in logs and test failures
        return f"{self.key} {self.params}"


class ValidationError(StorageError):
    """One or more metadata fields break a Thông tư 05/2025 rule; ``problems`` lists each one."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__("validation.failed", count=len(problems))
        self.problems = problems


class FieldProblem(StorageError):
    """One field breaking one rule, e.g. ``FieldProblem('field.too_long', field='title', max=1000)``."""


class NotFound(StorageError):
    """A fonds, dossier, document, page or object that does not exist."""


class Conflict(StorageError):
    """A duplicate code or an operation that the current state does not allow."""
