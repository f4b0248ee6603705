"""Reading provider files: the encoding is detected, never guessed."""

from __future__ import annotations

import codecs
import json

import polars as pl
import pytest

from catalog.model import StorageFormat
from ingest.errors import SourceError
from ingest.read import read_source
from lakehouse.lineage import ROW_NUMBER
from standards.encoding import detect_encoding

TEXT = "公民身份号码,姓名\n11010519491231002X,张三\n110105194912310021,䶮四\n"


def test_utf8_bom_and_gb18030_are_told_apart(tmp_path):
    assert detect_encoding(TEXT.encode("utf-8")) == "utf-8"
    assert detect_encoding(codecs.BOM_UTF8 + TEXT.encode("utf-8")) == "utf-8-sig"
    assert detect_encoding(TEXT.encode("gb18030")) == "gb18030"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_every_encoding_reads_to_the_same_rows(tmp_path, encoding):
    path = tmp_path / "f.csv"
    path.write_bytes(TEXT.encode(encoding))
    source = read_source(path, StorageFormat.csv)
    assert source.encoding == encoding
    assert source.frame.columns == ["公民身份号码", "姓名", ROW_NUMBER]
    assert source.frame["姓名"].to_list() == ["张三", "䶮四"]
    assert source.frame[ROW_NUMBER].to_list() == [1, 2]


def test_undecodable_bytes_name_the_offset_and_what_to_do(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes("姓名\n张三\n".encode() + b"\xff\xfe\xff\x80\n")
    with pytest.raises(SourceError) as info:
        read_source(path, StorageFormat.csv)
    message = str(info.value)
    assert "bad.csv" in message and "UTF-8 up to line 3, byte 14" in message and "re-export" in message


def test_utf16_is_refused_not_misread(tmp_path):
    path = tmp_path / "u16.csv"
    path.write_bytes(TEXT.encode("utf-16"))
    with pytest.raises(SourceError, match="UTF-16"):
        read_source(path, StorageFormat.csv)


def test_bom_with_invalid_bytes_is_refused(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes(codecs.BOM_UTF8 + "姓名\n".encode() + "张三\n".encode("gb18030"))
    with pytest.raises(SourceError, match="BOM"):
        read_source(path, StorageFormat.csv)


def test_json_export_keeps_numbers_as_received(tmp_path):
    path = tmp_path / "q.json"
    records = [{"企业名称": "甲公司", "注册资本": 100.5}, {"企业名称": "乙公司", "注册资本": None, "新列": "x"}]
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    frame = read_source(path, StorageFormat.json).frame
    assert frame["注册资本"].to_list() == ["100.5", None]
    assert frame["新列"].to_list() == [None, "x"]


def test_json_that_is_not_an_array_of_objects(tmp_path):
    path = tmp_path / "q.json"
    path.write_text('{"data": []}', encoding="utf-8")
    with pytest.raises(SourceError, match="array of objects"):
        read_source(path, StorageFormat.json)


def test_xlsx_reads_every_value_as_text(tmp_path):
    path = tmp_path / "d.xlsx"
    pl.DataFrame({"公民身份号码": ["11010519491231002X"], "保障人数": [3], "月保障金额": [1234.5]}).write_excel(path)
    source = read_source(path, StorageFormat.xlsx)
    assert source.encoding == "xlsx"
    assert source.frame.schema["保障人数"] == pl.String
    assert source.frame.row(0) == ("11010519491231002X", "3", "1234.5", 1)
