"""The writer lock: one writer at a time across processes, re-entrant within one, stale locks recovered."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from lakehouse.lock import WriterBusy, holder, writer_lock

HOLD = (
    "import sys, time; from pathlib import Path; from lakehouse.lock import writer_lock\n"
    "with writer_lock('test holder', home=Path(sys.argv[1])):\n"
    "    print('held', flush=True); time.sleep(float(sys.argv[2]))\n"
)


def _holding_process(home: Path, seconds: float) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(home), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def test_reentrant_within_one_process(tmp_path):
    with writer_lock("outer", home=tmp_path), writer_lock("inner", home=tmp_path, wait=False):
        assert holder(tmp_path)["purpose"] == "outer"
        assert holder(tmp_path)["pid"] == os.getpid()
    assert holder(tmp_path) == {}  # released: nobody is named as holder


def test_no_wait_names_the_holding_process_in_one_line(tmp_path):
    proc = _holding_process(tmp_path, 30)
    try:
        with pytest.raises(WriterBusy) as info, writer_lock("second", home=tmp_path, wait=False):
            pytest.fail("a second writer got the lock")
        message = str(info.value)
        assert f"pid {proc.pid}" in message and "test holder" in message and "\n" not in message
    finally:
        proc.kill()
        proc.wait()


def test_second_writer_waits_then_proceeds(tmp_path):
    proc = _holding_process(tmp_path, 1.0)
    waited: list[str] = []
    start = time.monotonic()
    with writer_lock("waiter", home=tmp_path, on_wait=waited.append):
        assert holder(tmp_path)["pid"] == os.getpid()
    assert time.monotonic() - start > 0.3
    assert len(waited) == 1 and f"pid {proc.pid}" in waited[0]
    proc.wait()


def test_lock_of_a_killed_process_is_recovered(tmp_path):
    proc = _holding_process(tmp_path, 60)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert holder(tmp_path)["pid"] == proc.pid  # its record is still there ...
    with writer_lock("after kill", home=tmp_path, wait=False):  # ... but the lock is free
        assert holder(tmp_path)["pid"] == os.getpid()


def test_another_thread_does_not_share_the_hold(tmp_path):
    outcome: list[str] = []

    def other() -> None:
        try:
            with writer_lock("thread", home=tmp_path, wait=False):
                outcome.append("got it")
        except WriterBusy:
            outcome.append("busy")

    with writer_lock("main", home=tmp_path):
        thread = threading.Thread(target=other)
        thread.start()
        thread.join()
    assert outcome == ["busy"]
