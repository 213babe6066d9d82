"""The one background runner: long work runs on a single worker thread, results come back by Signal.

A single thread serialises database writes; no widget is touched from the worker.

The one route for changes: a write runs through `run_op(task, on_done, initiator=...)`, which records what
its transactions changed (core.ops.changes.tracked) and, back on the GUI thread, emits
`changes_seen(changes, initiator)` before calling on_done. The window's poll of the other operators'
changes emits the same signal with `initiator=None`. A panel (or a later feature: telephony, the outbox)
listens once and refreshes what concerns it:

    runner.changes_seen.connect(self._changes_seen)

    def _changes_seen(self, changes: ChangeSet, initiator) -> None:
        if changes.referral_ids or changes.call_ids:   # the kinds this panel shows
            self.reload()
        if initiator is None and self.call_id in changes.call_ids:
            ...a colleague changed the call on screen...

`changes.own` is True for this window's writes; `initiator` is the object that asked for the write (so it
may skip what it already shows), or None for a colleague's. Read-only work that may take
long (building the search index, recognising a caller, routing, counting the call log) runs on a second lane,
`run_read`, so that it never delays a save; talking to a mail server (seconds when it is down) has its own lane,
`run_network`, so that it delays neither. Tests may use SyncRunner, which runs the same tasks at once on the
calling thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger("bouquet_desk.ui.runner")

Task = Callable[..., Any]


class TaskSignals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, task: Task, signals: TaskSignals, with_progress: bool) -> None:
        super().__init__()
        self._task = task
        self._signals = signals
        self._with_progress = with_progress

    def run(self) -> None:
        try:
            if self._with_progress:
                result = self._task(self._signals.progress.emit)
            else:
                result = self._task()
        except BaseException as exc:  # noqa: BLE001 - reported to the GUI thread, never lost
            self._signals.failed.emit(exc)
        else:
            self._signals.finished.emit(result)


class TaskRunner(QObject):
    # (ChangeSet, initiator): what a write of this window or a colleague's (initiator None) changed.
    changes_seen = Signal(object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._read_pool = QThreadPool(self)
        self._read_pool.setMaxThreadCount(1)
        self._network_pool = QThreadPool(self)
        self._network_pool.setMaxThreadCount(1)
        self._live: set[TaskSignals] = set()

    def run(
        self,
        task: Task,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
    ) -> TaskSignals:
        """Run task(progress) when on_progress is given, else task(); callbacks run on the GUI thread."""
        return self._start(self._pool, task, on_done, on_error, on_progress)

    def run_read(
        self,
        task: Task,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
    ) -> TaskSignals:
        """Like run(), on the read lane: for work that writes nothing and must not wait behind a save."""
        return self._start(self._read_pool, task, on_done, on_error, on_progress)

    def run_op(
        self,
        task: Task,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        initiator: object = None,
        on_progress: Callable[[int, int, str], None] | None = None,
    ) -> TaskSignals:
        """A write on the write lane: its changes are announced by changes_seen(changes, initiator), then
        on_done(result) runs. A write that fails after committing part of its work still announces it."""
        from ..core.ops.changes import collecting, merge

        found_box: list = []

        def tracked(*progress):
            with collecting() as found:
                found_box.append(found)
                return task(*progress)

        def changes():
            found = found_box[0] if found_box else []
            from dataclasses import replace

            return replace(merge(found), own=True)

        def done(result) -> None:
            changed = changes()
            if changed:
                self.changes_seen.emit(changed, initiator)
            if on_done is not None:
                on_done(result)

        def failed(exc: BaseException) -> None:
            changed = changes()
            if changed:
                self.changes_seen.emit(changed, initiator)
            (on_error or _log_failure)(exc)

        return self.run(tracked, done, failed, on_progress)

    def announce(self, changes, initiator: object = None) -> None:
        """Tell every panel what changed (a colleague's poll, or a change made outside the database such as
        saved preferences)."""
        if changes:
            self.changes_seen.emit(changes, initiator)
    def run_network(self, task: Task, on_done=None, on_error=None, on_progress=None) -> TaskSignals:
        """Like run(), on the network lane: SMTP sessions, which may wait on a server for many seconds."""
        return self._start(self._network_pool, task, on_done, on_error, on_progress)

    def _start(self, pool, task, on_done, on_error, on_progress) -> TaskSignals:
        signals = TaskSignals()
        self._live.add(signals)  # keep the QObject alive until the job reports
        if on_progress is not None:
            signals.progress.connect(on_progress)
        signals.finished.connect(lambda result: self._done(signals, on_done, result))
        signals.failed.connect(lambda exc: self._done(signals, on_error or _log_failure, exc))
        pool.start(_Job(task, signals, on_progress is not None))
        return signals

    def _done(self, signals: TaskSignals, callback, value) -> None:
        self._live.discard(signals)
        if callback is not None:
            callback(value)

    def wait(self, msecs: int = -1) -> bool:
        done = self._pool.waitForDone(msecs)
        network = self._network_pool.waitForDone(msecs)
        return self._read_pool.waitForDone(msecs) and done and network

    @property
    def busy(self) -> bool:
        return bool(self._live)


class SyncRunner(TaskRunner):
    """Runs tasks immediately on the calling thread (tests)."""

    def run(self, task, on_done=None, on_error=None, on_progress=None) -> TaskSignals:
        return self._start(None, task, on_done, on_error, on_progress)

    def run_read(self, task, on_done=None, on_error=None, on_progress=None) -> TaskSignals:
        return self._start(None, task, on_done, on_error, on_progress)

    def run_network(self, task, on_done=None, on_error=None, on_progress=None) -> TaskSignals:
        return self._start(None, task, on_done, on_error, on_progress)

    def _start(self, pool, task, on_done=None, on_error=None, on_progress=None) -> TaskSignals:
        signals = TaskSignals()
        try:
            result = task(on_progress) if on_progress is not None else task()
        except BaseException as exc:  # noqa: BLE001
            (on_error or _log_failure)(exc)
        else:
            if on_done is not None:
                on_done(result)
        return signals


def _log_failure(exc: BaseException) -> None:
    from .errors import show_exception

    show_exception(exc)
