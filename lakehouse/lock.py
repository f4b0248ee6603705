"""One writer at a time (Art. 31): the warehouse's writer lock under ``DW_HOME``.

Every command that writes the lake or the warehouse's own state (``dw run``, restores, releases
of held files, dbt publish, findings writes) holds :func:`writer_lock` for as long as it writes.
A second writer waits, or with ``wait=False`` gets :class:`WriterBusy` at once, whose one-line
message names the process holding the lock.

The lock is an ``flock`` on ``DW_HOME/writer.lock``: the kernel drops it when its process dies,
however it dies, so a lock left by a killed process (kill -9, power cut of a container) is
recovered by the next writer without anyone deleting a file. The file also records who holds
it (pid, purpose, command, since) so that a waiting or refused writer can say whom it waits for;
that record is advisory, the ``flock`` is the lock.

Re-entrant within one process: a writer that already holds it (``dw run`` holding it around the
whole job, the ingest step taking it again) nests without deadlock. Other threads of the same
process wait like other processes do.

>>> from tempfile import mkdtemp
>>> home = Path(mkdtemp())
>>> with writer_lock("doc", home=home):
...     with writer_lock("nested", home=home):
...         holder(home)["purpose"]
'doc'
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

LOCK_NAME = "writer.lock"


class WriterBusy(RuntimeError):
    """Another process is writing the warehouse; the message is one line naming it."""

    def __init__(self, lock_file: Path, holder: dict[str, object] | None):
        self.lock_file = lock_file
        self.holder = holder or {}
        who = describe_holder(self.holder)
        super().__init__(
            f"另一写入进程正在运行，未做任何更改 another writer holds the warehouse, nothing was changed: {who} "
            f"— 等其结束后重试，或去掉 --no-wait 排队等待 retry when it ends, or drop --no-wait to queue"
        )


def describe_holder(holder: dict[str, object]) -> str:
    """``pid 123 (dw run, purpose 'run', since 2026-12-03T09:00:00Z)`` or a note that it is unknown."""
    if not holder.get("pid"):
        return "pid 未知 unknown (进程刚取得锁 the holder has just taken the lock)"
    return f"pid {holder['pid']} ({holder.get('command', '?')}, purpose {holder.get('purpose', '?')!r}, since {holder.get('since', '?')})"


def lock_path(home: Path | None = None) -> Path:
    """``DW_HOME/writer.lock`` (``home`` given: that folder instead)."""
    if home is None:
        from config.settings import load_settings

        home = load_settings().home
    return Path(home).resolve() / LOCK_NAME


def holder(home: Path | None = None) -> dict[str, object]:
    """Who holds (or last held) the lock, as recorded in the lock file; {} if nobody ever did."""
    try:
        text = lock_path(home).read_text(encoding="utf-8")
        record = json.loads(text) if text.strip() else {}
    except (FileNotFoundError, json.JSONDecodeError):
        return {}
    return record if isinstance(record, dict) else {}


@dataclass
class _Held:
    """This process's hold on one lock file: the open descriptor and the nesting depth."""

    fd: int
    depth: int = 0


_HELD: dict[Path, _Held] = {}
_GUARD = threading.Lock()
_THREAD_LOCKS: dict[Path, threading.RLock] = {}


@contextmanager
def writer_lock(
    purpose: str,
    *,
    wait: bool = True,
    home: Path | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> Iterator[None]:
    """Hold the warehouse's writer lock while the block runs.

    ``wait=False``: raise :class:`WriterBusy` at once if another process (or thread) holds it.
    ``on_wait``: called once with a one-line message before waiting for another holder.
    ``home``: the warehouse home (default: ``DW_HOME`` via config.settings).
    """
    path = lock_path(home)
    with _GUARD:
        thread_lock = _THREAD_LOCKS.setdefault(path, threading.RLock())
    if not thread_lock.acquire(blocking=False):
        if not wait:
            raise WriterBusy(path, holder(path.parent))
        if on_wait:
            on_wait(_waiting_line(path))
        thread_lock.acquire()
    try:
        held = _HELD.get(path)
        if held is None:
            held = _HELD[path] = _Held(fd=_acquire(path, purpose, wait=wait, on_wait=on_wait))
        held.depth += 1
        try:
            yield
        finally:
            held.depth -= 1
            if held.depth == 0:
                del _HELD[path]
                _release(held.fd)
    finally:
        thread_lock.release()


def _acquire(path: Path, purpose: str, *, wait: bool, on_wait: Callable[[str], None] | None) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise WriterBusy(path, holder(path.parent)) from None
            if on_wait:
                on_wait(_waiting_line(path))
            fcntl.flock(fd, fcntl.LOCK_EX)  # the kernel wakes us when the holder ends, however it ends
        _write_holder(fd, purpose)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _write_holder(fd: int, purpose: str) -> None:
    record = {
        "pid": os.getpid(),
        "purpose": purpose,
        "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:3]]) if sys.argv and sys.argv[0] else "python",
        "since": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    data = json.dumps(record, ensure_ascii=False).encode("utf-8")
    os.ftruncate(fd, 0)
    os.pwrite(fd, data, 0)


def _release(fd: int) -> None:
    try:
        os.ftruncate(fd, 0)  # nobody holds it now; a stale record would mislead the next refusal
        fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _waiting_line(path: Path) -> str:
    return f"等待另一写入进程结束 waiting for the writer that holds the warehouse: {describe_holder(holder(path.parent))}"
