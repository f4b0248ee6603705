"""Same scale and seed, same bytes; another seed, another district; bad scales refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from demo.cli import demo_data
from demo.generate import generate_district, manifest_path


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_runs_are_byte_identical(tmp_path: Path) -> None:
    generate_district(1000, 42, tmp_path / "a")
    generate_district(1000, 42, tmp_path / "b")
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert len(a) == 8  # eight provider files; the manifest lies beside the folder, not in it
    assert a.keys() == b.keys()
    different = [name for name in a if a[name] != b[name]]
    assert not different
    assert manifest_path(tmp_path / "a").read_bytes() == manifest_path(tmp_path / "b").read_bytes()


def test_another_seed_gives_another_district(tmp_path: Path) -> None:
    generate_district(1000, 1, tmp_path / "a")
    generate_district(1000, 2, tmp_path / "b")
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert all(a[name] != b[name] for name in a)


def test_scale_out_of_range_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="scale"):
        generate_district(10, 1, tmp_path)


def test_cli_prints_a_bilingual_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    demo_data(1000, 3, tmp_path)
    printed = capsys.readouterr().out
    assert "生成演示数据 demo district: 8 providers" in printed
    assert "psb/hukou_20261124.csv" in printed
    assert manifest_path(tmp_path).exists()
