"""Character encodings of provider files: detected, never guessed.

A byte-order mark decides; otherwise the bytes must decode strictly as UTF-8, or else strictly
as GB18030 (the superset of GBK and GB2312 that Chinese government systems export).

>>> to_utf8("姓名".encode("gb18030"))
(b'\\xe5\\xa7\\x93\\xe5\\x90\\x8d', 'gb18030')
"""

from __future__ import annotations

import codecs


class EncodingProblem(ValueError):
    """The bytes are in no encoding we accept; the message says where, in Chinese and English."""


def to_utf8(data: bytes) -> tuple[bytes, str]:
    """The content as UTF-8 without a BOM, and the encoding it arrived in (decoded once)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise EncodingProblem("文件为UTF-16编码 file is UTF-16")
    has_bom = data.startswith(codecs.BOM_UTF8)
    try:
        data.decode("utf-8")
        return (data[len(codecs.BOM_UTF8):], "utf-8-sig") if has_bom else (data, "utf-8")
    except UnicodeDecodeError as utf8_error:
        if has_bom:
            raise EncodingProblem(
                f"UTF-8文件含非法字节 file has a UTF-8 BOM but invalid bytes at line {_line(data, utf8_error.start)}, byte {utf8_error.start} "
                "(probably concatenated from files of different encodings)"
            ) from utf8_error
        try:
            return data.decode("gb18030").encode("utf-8"), "gb18030"
        except UnicodeDecodeError as gb_error:
            # Name the place where the encoding that read furthest broke: that is the bad byte.
            likely, at = ("GB18030/GBK", gb_error.start) if gb_error.start > utf8_error.start else ("UTF-8", utf8_error.start)
            raise EncodingProblem(
                f"无法识别的字符编码 neither UTF-8 nor GB18030/GBK; the file reads as {likely} up to "
                f"line {_line(data, at)}, byte {at}, where an invalid byte follows"
            ) from gb_error


def _line(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def detect_encoding(data: bytes) -> str:
    """``utf-8``, ``utf-8-sig`` or ``gb18030``: the codec that decodes ``data`` exactly."""
    return to_utf8(data)[1]
