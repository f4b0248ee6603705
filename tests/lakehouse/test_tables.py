"""Delta writes are single commits: a failed write leaves the previous version as it was."""

from __future__ import annotations

import polars as pl
import pytest

from lakehouse import tables


def test_failed_write_leaves_previous_version_intact(tmp_path):
    path = tables.table_path(tmp_path, "clean", "t")
    tables.replace(path, pl.DataFrame({"id": [1, 2], "v": ["a", "b"]}))
    with pytest.raises(Exception):  # noqa: B017 - delta-rs raises several types here
        # An integer column cannot become a struct: the write is refused before any commit.
        tables.replace(path, pl.DataFrame({"id": [{"x": 1}], "v": ["c"]}), where="v = 'a'")
    assert tables.version(path) == 0
    assert tables.read(path).sort("id")["v"].to_list() == ["a", "b"]


def test_history_and_restore_keep_every_version(tmp_path):
    path = tables.table_path(tmp_path, "clean", "t")
    tables.replace(path, pl.DataFrame({"v": ["a"]}), commit_info={"batch_id": "b1"})
    tables.replace(path, pl.DataFrame({"v": ["b"]}), commit_info={"batch_id": "b2"})
    assert [c.get("batch_id") for c in tables.history(path)] == ["b2", "b1"]
    assert tables.restore(path, 0) == 2
    assert tables.read(path)["v"].to_list() == ["a"]
    assert tables.read(path, version=1)["v"].to_list() == ["b"]


def test_unknown_zone_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown zone"):
        tables.table_path(tmp_path, "scratch", "t")


def test_a_batch_marked_once_is_written_once_per_generation(tmp_path):
    path = tables.table_path(tmp_path, "raw", "t")
    frame = pl.DataFrame({"_batch_id": ["b", "b"], "v": [1, 2]})
    first = tables.replace(path, frame, where="_batch_id = 'b'", once=tables.Once("b", 1))
    assert tables.committed(path, tables.Once("b", 1)) and not tables.committed(path, tables.Once("b", 2))
    assert tables.replace(path, frame, where="_batch_id = 'b'", once=tables.Once("b", 1)) == first  # skipped
    assert tables.append(path, frame, once=tables.Once("b", 1)) == first  # skipped, not doubled
    assert tables.read(path).height == 2 and tables.version(path) == first
    assert tables.replace(path, frame, where="_batch_id = 'b'", once=tables.Once("b", 2)) == first + 1  # a reload
    assert tables.read(path).height == 2 and tables.batch_counts(path) == {"b": 2} and tables.row_count(path) == 2
    assert tables.read(path, version=0).height == 0  # a marked first write creates the table empty first


def test_compaction_changes_no_content(tmp_path):
    path = tables.table_path(tmp_path, "meta", "t")
    for i in range(5):
        tables.append(path, pl.DataFrame({"v": [i]}))
    tables.compact(path)
    assert sorted(tables.read(path)["v"]) == [0, 1, 2, 3, 4]
