"""Hostile deliveries built from the demo district, each labelled with where it must end.

A *file case* turns one of the district's real files into a broken one (mixed encodings, the
header repeated, a quote that never closes, ...) and says what the refusal must name: the
reason (an English phrase of the message) and the line or row. A *landing case* puts something
into the landing folder that is not a loadable file (a symlink, a folder, a pipe, a name no
dataset claims) and says how the skip is worded. A *loaded case* looks hostile but is fine and
must load (GBK with rare name characters must not be mistaken for mixed encodings).
"""

from __future__ import annotations

import codecs
import io
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

HUKOU = "psb/hukou_20261124.csv"  # GB18030, 8 columns, key: resident ID
CHUSHENG = "hb/chusheng_20261124.csv"  # UTF-8
SHEBAO = "hrss/shebao_20261124.csv"  # UTF-8 with BOM
DIBAO = "mca/dibao_20261124.xlsx"
QIYE = "amr/qiye_20261124.json"
ENCODING = {HUKOU: "gb18030", CHUSHENG: "utf-8", SHEBAO: "utf-8-sig"}
DATASET = {HUKOU: "household_registration", CHUSHENG: "birth_registration", SHEBAO: "social_insurance_enrolment",
           DIBAO: "subsistence_allowance", QIYE: "enterprise_registration"}


@dataclass(frozen=True)
class Built:
    data: bytes
    line: int | None = None  # the physical line the refusal must name (1 = header)
    row: int | None = None  # or the data row


@dataclass(frozen=True)
class FileCase:
    name: str
    target: str  # the district file it is built from and replaces
    build: Callable[[Path], Built]
    reason: str  # English phrase the one-line refusal must contain

    @property
    def dataset(self) -> str:
        return DATASET[self.target]


@dataclass(frozen=True)
class LandingCase:
    name: str
    make: Callable[[Path], str]  # creates the entry under the landing folder, returns its shown path
    reason: str


def lines(district: Path, target: str) -> list[str]:
    return (district / target).read_bytes().decode(ENCODING[target]).splitlines()


def _join(parts: list[tuple[list[str], str]], bom: bool = False) -> bytes:
    data = b"".join(("\n".join(chunk) + "\n").encode(enc) for chunk, enc in parts if chunk)
    return codecs.BOM_UTF8 + data if bom else data


def _gbk_then_utf8(d: Path) -> Built:
    rows = lines(d, HUKOU)
    k = len(rows) // 2
    return Built(_join([(rows[:k], "gb18030"), (rows[k:], "utf-8")]), line=k + 1)


def _one_utf8_row_in_gbk(d: Path) -> Built:
    rows = lines(d, HUKOU)
    return Built(_join([(rows[:-1], "gb18030"), (rows[-1:], "utf-8")]), line=len(rows))


def _utf8_then_gbk(d: Path) -> Built:
    rows = lines(d, CHUSHENG)
    k = len(rows) // 2
    return Built(_join([(rows[:k], "utf-8"), (rows[k:], "gbk")]), line=k + 1)


def _bom_then_gbk(d: Path) -> Built:
    rows = lines(d, SHEBAO)
    k = len(rows) // 3
    return Built(_join([(rows[:k], "utf-8"), (rows[k:], "gbk")], bom=True), line=k + 1)


def _repeated_header(d: Path) -> Built:
    rows = lines(d, HUKOU)
    return Built(_join([(rows + rows, "gb18030")]), row=len(rows))  # data row n = header of the second export


def _bom_mid_file(d: Path) -> Built:
    once = (d / SHEBAO).read_bytes()
    return Built(once + once, line=len(lines(d, SHEBAO)) + 1)


def _unbalanced_quote(d: Path) -> Built:
    rows = lines(d, HUKOU)
    k = len(rows) // 3
    rows[k] = rows[k].replace(",", ',"', 1)  # the name field opens a quote that never closes
    return Built(_join([(rows, "gb18030")]), line=k + 1)


def _text_after_closing_quote(d: Path) -> Built:
    rows = lines(d, CHUSHENG)
    fields = rows[3].split(",")
    fields[1] = f'"{fields[1]}"x'
    rows[3] = ",".join(fields)
    return Built(_join([(rows, "utf-8")]), line=4)


def _short_row(d: Path) -> Built:
    rows = lines(d, HUKOU)
    k = len(rows) - 5
    rows[k] = rows[k].rsplit(",", 1)[0]
    return Built(_join([(rows, "gb18030")]), line=k + 1)


def _long_row(d: Path) -> Built:
    rows = lines(d, CHUSHENG)
    rows[2] += ",多余"
    return Built(_join([(rows, "utf-8")]), line=3)


def _headers_equal_after_trimming(d: Path) -> Built:
    rows = lines(d, HUKOU)
    rows[0] = rows[0].replace(",性别,", ", 姓名 ,", 1)
    return Built(_join([(rows, "gb18030")]), line=1)


def _utf16(d: Path) -> Built:
    return Built((d / SHEBAO).read_bytes().decode("utf-8-sig").encode("utf-16"))


def _utf16_without_bom(d: Path) -> Built:
    return Built((d / CHUSHENG).read_bytes().decode("utf-8").encode("utf-16-le"))


def _replacement_character(d: Path) -> Built:
    rows = lines(d, CHUSHENG)
    rows[5] = rows[5].replace(",", ",\ufffd", 1)
    return Built(_join([(rows, "utf-8")]), line=6)


def _gbk_cut_inside_a_character(d: Path) -> Built:
    data = (d / HUKOU).read_bytes()
    cut = data.rindex("街道".encode("gb18030")) + 1
    return Built(data[:cut], line=data.count(b"\n", 0, cut) + 1)


def _workbook_with_a_repeated_header(d: Path) -> Built:
    frame = pl.read_excel(d / DIBAO, infer_schema_length=0)
    frame = frame.with_columns(pl.col("姓名").alias("姓名 "))  # a second 姓名 column, one space apart
    buffer = io.BytesIO()
    frame.write_excel(buffer)
    return Built(buffer.getvalue(), line=1)


def _truncated_workbook(d: Path) -> Built:
    data = (d / DIBAO).read_bytes()
    return Built(data[: len(data) // 2])


def _truncated_json(d: Path) -> Built:
    text = (d / QIYE).read_text(encoding="utf-8")
    return Built(text[: len(text) // 2].encode())


def _cut_inside_a_character(d: Path) -> Built:
    data = (d / CHUSHENG).read_bytes()
    cut = data.rindex("宁".encode()) + 2  # inside the last 3-byte character of the file
    return Built(data[:cut], line=data.count(b"\n", 0, cut) + 1)


def _json_repeated_key(d: Path) -> Built:
    text = (d / QIYE).read_text(encoding="utf-8")
    return Built(text.replace('{"统一社会信用代码":', '{"企业名称":"x","企业名称":"y","统一社会信用代码":', 1).encode())


def _empty(d: Path) -> Built:
    return Built(b"")


FILE_CASES = [
    FileCase("gbk_rows_then_utf8_rows", HUKOU, _gbk_then_utf8, "mixes encodings"),
    FileCase("one_utf8_row_after_gbk", HUKOU, _one_utf8_row_in_gbk, "mixes encodings"),
    FileCase("utf8_rows_then_gbk_rows", CHUSHENG, _utf8_then_gbk, "mixes encodings"),
    FileCase("bom_utf8_then_gbk_rows", SHEBAO, _bom_then_gbk, "mixes encodings"),
    FileCase("repeated_header", HUKOU, _repeated_header, "header repeats"),
    FileCase("bom_in_the_middle", SHEBAO, _bom_mid_file, "byte-order mark"),
    FileCase("unbalanced_quote", HUKOU, _unbalanced_quote, "never closes"),
    FileCase("text_after_closing_quote", CHUSHENG, _text_after_closing_quote, "quoted field is malformed"),
    FileCase("row_with_a_field_missing", HUKOU, _short_row, "the header has 8"),
    FileCase("row_with_an_extra_field", CHUSHENG, _long_row, "this line has 7 field(s)"),
    FileCase("headers_equal_after_trimming", HUKOU, _headers_equal_after_trimming, "same header once spaces are trimmed"),
    FileCase("utf16", SHEBAO, _utf16, "UTF-16"),
    FileCase("utf16_without_bom", CHUSHENG, _utf16_without_bom, "UTF-16"),
    FileCase("replacement_character", CHUSHENG, _replacement_character, "U+FFFD"),
    FileCase("truncated_workbook", DIBAO, _truncated_workbook, "unreadable workbook"),
    FileCase("workbook_headers_equal_after_trimming", DIBAO, _workbook_with_a_repeated_header, "same header once spaces are trimmed"),
    FileCase("truncated_json", QIYE, _truncated_json, "malformed JSON"),
    FileCase("cut_inside_a_character", CHUSHENG, _cut_inside_a_character, "ends in the middle of a UTF-8 character"),
    FileCase("gbk_cut_inside_a_character", HUKOU, _gbk_cut_inside_a_character, "ends in the middle of a GB18030 character"),
    FileCase("json_repeated_key", QIYE, _json_repeated_key, "repeats a key"),
    FileCase("empty_file", HUKOU, _empty, "empty"),
]


def _gbk_with_rare_name_characters(d: Path) -> Built:
    rows = lines(d, HUKOU)
    rare = "喆堃珺镕玥昇犇淼"  # GBK extension characters, frequent in given names
    for i in range(1, len(rows)):
        fields = rows[i].split(",")
        fields[1] = fields[1][:1] + rare[i % len(rare)] + rare[(i * 7) % len(rare)]
        rows[i] = ",".join(fields)
    return Built(_join([(rows, "gb18030")]))


LOADED_CASES = [FileCase("gbk_with_rare_name_characters", HUKOU, _gbk_with_rare_name_characters, "")]


def _symlink_to_real_file(landing: Path) -> str:
    (landing / "psb" / "hukou_20261130.csv").symlink_to(landing / HUKOU)
    return "psb/hukou_20261130.csv"


def _symlink_outside(landing: Path) -> str:
    (landing / "hb" / "chusheng_20261130.csv").symlink_to("/etc/passwd")
    return "hb/chusheng_20261130.csv"


def _dangling_symlink(landing: Path) -> str:
    (landing / "water" / "yongshui_20261130.csv").symlink_to(landing / "nowhere.csv")
    return "water/yongshui_20261130.csv"


def _directory(landing: Path) -> str:
    (landing / "power" / "yongdian_20261130.csv").mkdir()
    return "power/yongdian_20261130.csv"


def _pipe(landing: Path) -> str:
    os.mkfifo(landing / "hrss" / "shebao_20261130.csv")
    return "hrss/shebao_20261130.csv"


def _unmatched_name(landing: Path) -> str:
    (landing / "psb" / "户籍_20261130.csv").write_bytes((landing / HUKOU).read_bytes())
    return "psb/户籍_20261130.csv"


def _outside_provider_folder(landing: Path) -> str:
    (landing / "hukou_20261130.csv").write_bytes(b"x")
    return "hukou_20261130.csv"


def _unknown_provider(landing: Path) -> str:
    (landing / "gas").mkdir()
    return "gas/"


def _name_not_utf8(landing: Path) -> str:
    name = os.fsencode(landing / "psb") + b"/hukou_\xd5\xc5.csv"  # GBK bytes in a name copied from Windows
    with open(name, "wb") as fh:
        fh.write(b"x")
    return "psb/hukou_\\xd5\\xc5.csv"


LANDING_CASES = [
    LandingCase("symlink_to_a_real_file", _symlink_to_real_file, "symbolic link"),
    LandingCase("symlink_outside_the_landing_folder", _symlink_outside, "symbolic link"),
    LandingCase("dangling_symlink", _dangling_symlink, "dangling symbolic link"),
    LandingCase("directory_named_like_a_file", _directory, "folder inside a provider folder"),
    LandingCase("named_pipe", _pipe, "not a regular file"),
    LandingCase("name_matching_no_dataset", _unmatched_name, "matches none of this provider's"),
    LandingCase("file_outside_provider_folders", _outside_provider_folder, "not inside a provider folder"),
    LandingCase("folder_of_no_provider", _unknown_provider, "not a catalogued provider"),
    LandingCase("file_name_not_utf8", _name_not_utf8, "not valid UTF-8"),
]

_PERSONAL_HEADER = re.compile("身份|姓名|地址|住所|电话|法定代表人")


def personal_values(district: Path) -> set[str]:
    """Every resident ID, name, address and phone of the district's files: none may appear in a message."""
    values: set[str] = set()
    for target, encoding in ENCODING.items():
        frame = pl.read_csv((district / target).read_bytes().decode(encoding).encode(), infer_schema=False)
        for column in frame.columns:
            if _PERSONAL_HEADER.search(column):
                values |= {v for v in frame[column].drop_nulls().to_list() if len(v) >= 2}
    for record in json.loads((district / QIYE).read_text(encoding="utf-8")):
        values |= {str(v) for k, v in record.items() if _PERSONAL_HEADER.search(k) and v and len(str(v)) >= 2}
    return values
