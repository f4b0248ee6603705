"""Rule 5 of issue 13: a refusal is one line, in Chinese and English, naming the file and what to
do, and holding no value from the file."""

from __future__ import annotations

import re

CJK = re.compile(r"[\u4e00-\u9fff]")
ENGLISH = re.compile(r"[A-Za-z]{4,} [A-Za-z]{2,}")


def assert_one_clean_line(message: str, *, names: str, secrets: set[str]) -> None:
    assert "\n" not in message and "\r" not in message, message
    assert CJK.search(message) and ENGLISH.search(message), message
    assert names in message, (names, message)
    assert "what to do" in message, message
    assert "Traceback" not in message
    leaked = sorted(v for v in secrets if v in message)
    assert not leaked, f"personal values in the message: {len(leaked)}"
