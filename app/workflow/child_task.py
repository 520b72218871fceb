"""Run one long workflow call in a child process, with its progress and cancel carried over a pipe.

Why: export (packaging, PDF/A, copy, read-back) runs pure-Python and C code that holds the interpreter lock
for long stretches; in a thread of the window's process it would freeze the window (DESIGN.md §3: export and
ingest run in child processes). The child opens its own session; the caller's thread only waits on the pipe,
which releases the lock. A child that dies says so instead of hanging the caller.
"""

from __future__ import annotations

import importlib
from multiprocessing.connection import wait
from typing import Any

from .errors import WorkflowError
from .processes import SPAWN
from .progress import CancelToken, Progress, no_progress

POLL_S = 0.1


class _EventToken(CancelToken):
    """A cancel token the parent sets through a multiprocessing event."""

    def __init__(self, event: Any) -> None:
        super().__init__()
        self._mp_event = event

    def cancel(self) -> None:
        self._mp_event.set()

    @property
    def cancelled(self) -> bool:
        return self._mp_event.is_set()


def _child(target: str, kwargs: dict[str, Any], conn: Any, event: Any) -> None:
    module, _, name = target.partition(":")
    token = _EventToken(event)

    def progress(done: int, total: int, key: str, **params: object) -> None:
        conn.send(("progress", done, total, key, params))

    try:
        result = getattr(importlib.import_module(module), name)(cancel=token, progress=progress, **kwargs)
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent as a message
        key = getattr(exc, "key", None)
        conn.send(("error", key, dict(getattr(exc, "params", {}) or {}), f"{type(exc).__name__}: {exc}"))
    else:
        conn.send(("done", result))
    finally:
        conn.close()


def run(target: str, *, cancel: CancelToken | None = None, progress: Progress = no_progress,
        **kwargs: Any) -> Any:
    """Call ``module:function(cancel=…, progress=…, **kwargs)`` in a spawned child and return its result.

    Arguments and result must pickle. A workflow error in the child is raised here with the same key."""
    cancel = cancel or CancelToken()
    ctx = SPAWN
    receive, send = ctx.Pipe(duplex=False)
    event = ctx.Event()
    # not a daemon: the export itself starts worker processes (cleanup, OCR) when pages still need them
    process = ctx.Process(target=_child, args=(target, kwargs, send, event), daemon=False)
    process.start()
    send.close()
    try:
        while True:
            if cancel.cancelled:
                event.set()
            if not wait([receive, process.sentinel], timeout=POLL_S):
                continue
            if not receive.poll():
                if not process.is_alive():
                    raise WorkflowError("child.crashed", exitcode=process.exitcode)
                continue
            try:
                message = receive.recv()
            except EOFError as exc:
                process.join(5)
                raise WorkflowError("child.crashed", exitcode=process.exitcode) from exc
            if message[0] == "progress":
                _, done, total, key, params = message
                progress(done, total, key, **params)
            elif message[0] == "done":
                return message[1]
            else:
                _, key, params, text = message
                if key:
                    raise WorkflowError(key, **params)
                raise WorkflowError("error.unexpected", reason=text)
    finally:
        receive.close()
        process.join(10)
        if process.is_alive():
            process.kill()
            process.join(5)
