"""Character encodings of provider files: detected, never guessed, and one per file.

A byte-order mark decides; otherwise the bytes must decode strictly as UTF-8, or else strictly
as GB18030 (the superset of GBK and GB2312 that Chinese government systems export). Strict
decoding is not enough: UTF-8 text appended to a GBK export is usually *valid* GB18030 too and
would load as mojibake (王明 read as 鐜嬫槑). So a file read as GB18030 is also searched for
stretches that are plausibly UTF-8 Chinese, and a file holding both is refused, naming the line
where the encoding changes. A byte-order mark at the start of a later line (two exports
concatenated) and characters that are never text (U+FFFD left by an earlier lossy conversion,
C1 control codes) are refused too. Every message names lines and bytes, never content.

>>> to_utf8("姓名".encode("gb18030"))
(b'\\xe5\\xa7\\x93\\xe5\\x90\\x8d', 'gb18030')
>>> try:
...     to_utf8("姓名\\n张三\\n".encode("gbk") + "王明\\n".encode("utf-8"))
... except EncodingProblem as exc:
...     print(exc.line)
3
"""

from __future__ import annotations

import codecs
import re

from standards.utf8_lines import utf8_shaped_lines

__all__ = ["EncodingProblem", "detect_encoding", "to_utf8"]


class EncodingProblem(ValueError):
    """The bytes are in no single encoding we accept; the message says where, in Chinese and English."""

    def __init__(self, message: str, *, line: int | None = None, byte: int | None = None):
        self.line, self.byte = line, byte
        super().__init__(message)


# A maximal run of non-ASCII bytes made only of 3-byte UTF-8 characters (CJK ideographs,
# CJK punctuation, full-width forms): the shape Chinese text has in UTF-8.
_UTF8_RUN = re.compile(rb"(?<![\x80-\xff])(?:[\xe3-\xe9\xef][\x80-\xbf]{2})+(?![\x80-\xff])")


def to_utf8(data: bytes) -> tuple[bytes, str]:
    """The content as UTF-8 without a BOM, and the encoding it arrived in (decoded once)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(data):
        raise EncodingProblem("文件为UTF-16编码 file is UTF-16: 请另存为UTF-8或GBK save it as UTF-8 or GBK", line=1, byte=0)
    has_bom = data.startswith(codecs.BOM_UTF8)
    body = data[len(codecs.BOM_UTF8):] if has_bom else data
    _no_bom_inside(data)
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        if utf8_error.reason == "unexpected end of data" and utf8_error.start > 0:
            at = utf8_error.start + (len(data) - len(body))
            raise EncodingProblem(
                f"文件在字符中间结束 the file ends in the middle of a UTF-8 character (line {_line(data, at)}, byte {at}): "
                "文件可能不完整 it was probably cut short; 请重新提供完整文件 deliver the complete file",
                line=_line(data, at), byte=at,
            ) from None
        return _not_utf8(data, body, utf8_error.start + (len(data) - len(body)), has_bom)
    _only_text(body, "UTF-8")
    return body, ("utf-8-sig" if has_bom else "utf-8")


def detect_encoding(data: bytes) -> str:
    """``utf-8``, ``utf-8-sig`` or ``gb18030``: the codec that decodes ``data`` exactly."""
    return to_utf8(data)[1]


def _not_utf8(data: bytes, body: bytes, bad: int, has_bom: bool) -> tuple[bytes, str]:
    """``data`` has a non-UTF-8 byte at ``bad``: it is GB18030 throughout, or it is refused."""
    first_utf8 = _first_utf8_chinese(data)
    if (has_bom or first_utf8 is not None) and _reads_as_gb(data, bad):
        # UTF-8 text and bytes that are not UTF-8 in one file: the encoding changes where the
        # later of the first UTF-8 stretch and the first non-UTF-8 byte begins.
        start = bad if has_bom or first_utf8 is None or first_utf8 < bad else first_utf8
        bom = " (starts with a UTF-8 BOM)" if has_bom else ""
        raise EncodingProblem(
            f"文件混用多种字符编码 file mixes encodings (UTF-8 and GBK/GB18030){bom} from line {_line(data, start)}, "
            f"byte {start}: 可能由不同编码的导出拼接而成 probably two exports joined; 请整体按一种编码重新导出 re-export it in one encoding",
            line=_line(data, start), byte=start,
        )
    try:
        text = body.decode("gb18030")
    except UnicodeDecodeError as gb_error:
        at = gb_error.start + (len(data) - len(body))
        if gb_error.end >= len(body) and gb_error.start >= bad:
            raise EncodingProblem(
                f"文件在字符中间结束 the file ends in the middle of a GB18030 character (line {_line(data, at)}, byte {at}): "
                "文件可能不完整 it was probably cut short; 请重新提供完整文件 deliver the complete file",
                line=_line(data, at), byte=at,
            ) from None
        # Name the place where the encoding that read furthest broke: that is the bad byte.
        likely, at = ("GB18030/GBK", gb_error.start) if gb_error.start > bad else ("UTF-8", bad)
        raise EncodingProblem(
            f"无法识别的字符编码 neither UTF-8 nor GB18030/GBK; the file reads as {likely} up to "
            f"line {_line(data, at)}, byte {at}, where an invalid byte follows: 请重新导出 re-export it as UTF-8 or GBK",
            line=_line(data, at), byte=at,
        ) from None
    utf8 = text.encode("utf-8")
    _only_text(utf8, "GB18030")
    return utf8, "gb18030"


def _first_utf8_chinese(data: bytes) -> int | None:
    """Offset of the first stretch that is plausibly Chinese in UTF-8 rather than GB18030.

    About one GBK stretch in forty also decodes as UTF-8, but mostly to Latin, Greek or rare
    characters; the pattern keeps only CJK ideographs and punctuation, which leaves about one
    GBK stretch in 60 000. Those are told apart by what the bytes say in GB18030: real GBK text
    is GB2312 hanzi and common punctuation, while UTF-8 bytes read as GB18030 fall mostly in
    GBK's extension rows (王明 -> 鐜嬫槑). One stretch that reads as nothing but such characters
    is proof; otherwise two that read as at least half of them are needed (measured: no false
    alarm in 2 million random GBK names, 94% of UTF-8 stretches recognised alone). Only lines
    that decode wholly as UTF-8 are searched: a file that changes encoding changes it by line.
    """
    first_weak: int | None = None
    for here, end in utf8_shaped_lines(data):  # a line of GBK text almost never is
        line = data[here:end]
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            continue
        for match in _UTF8_RUN.finditer(line):
            try:
                as_gb = match.group().decode("gb18030")
            except UnicodeDecodeError:
                return here + match.start()
            odd = sum(not _plain_gbk(c) for c in as_gb)
            if odd == len(as_gb) and odd >= 2:
                return here + match.start() if first_weak is None else first_weak
            if 2 * odd >= len(as_gb):
                if first_weak is not None:
                    return first_weak
                first_weak = here + match.start()
    return None


def _reads_as_gb(data: bytes, at: int) -> bool:
    """Whether the non-ASCII stretch that holds byte ``at`` is GB18030 (else it is no text at all)."""
    start, end = at, at
    while start > 0 and data[start - 1] >= 0x80:
        start -= 1
    while end < len(data) and data[end] >= 0x80:
        end += 1
    try:
        data[start:end].decode("gb18030")
    except UnicodeDecodeError:
        return False
    return True


def _plain_gbk(ch: str) -> bool:
    """A GB2312 hanzi, or common (row 1) or full-width (row 3) punctuation."""
    try:
        lead = ch.encode("gb2312")[0]
    except UnicodeEncodeError:
        return False
    return lead >= 0xB0 or lead in (0xA1, 0xA3)


def _no_bom_inside(data: bytes) -> None:
    found = data.find(b"\n" + codecs.BOM_UTF8)
    if found >= 0:
        at = found + 1
        raise EncodingProblem(
            f"文件中间出现字节顺序标记 a byte-order mark (BOM) starts line {_line(data, at)}, byte {at}: "
            "文件可能由两次导出拼接而成 two exports were probably joined; 请重新导出为一个文件 re-export it as one file",
            line=_line(data, at), byte=at,
        )


def _only_text(utf8: bytes, encoding: str) -> None:
    """U+FFFD (a character an earlier conversion lost) and C1 controls are never provider text."""
    at = _first_not_text(utf8)
    if at is not None:
        line = utf8.count(b"\n", 0, at) + 1
        what = "替换字符 U+FFFD (an earlier conversion already lost characters)" if utf8[at] == 0xEF else (
            f"控制字符 C1 control code U+{utf8[at + 1]:04X}")
        raise EncodingProblem(
            f"文件含非文本字符 line {line} holds {what} after decoding as {encoding}: "
            "请从源系统重新导出 re-export it from the source system",
            line=line, byte=None,
        )


def _first_not_text(utf8: bytes) -> int | None:
    """Offset of the first U+FFFD or C1 control (C2 80-9F) in UTF-8 bytes; ``find`` is memchr-fast."""
    found = [i for i in (utf8.find(b"\xef\xbf\xbd"),) if i >= 0]
    at = utf8.find(b"\xc2")
    while at >= 0:  # C2 also leads common characters such as "·" and "°": look at what follows
        if at + 1 < len(utf8) and 0x80 <= utf8[at + 1] <= 0x9F:
            found.append(at)
            break
        at = utf8.find(b"\xc2", at + 1)
    return min(found) if found else None


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a BOM: every other byte of the start is NUL."""
    head = data[:512]
    return len(head) >= 8 and (head[1::2].count(0) > len(head) // 4 or head[0::2].count(0) > len(head) // 4)


def _line(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1
