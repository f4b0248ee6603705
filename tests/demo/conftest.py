"""One small demo district for the whole session, and its files read back as strings.

The readers here are deliberately independent of ``demo.writers``: they read the files the
way an ingestion would (decode, parse the container) so the tests check the files, not the
generator's intentions.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import polars as pl
import pytest

from demo.generate import generate_district, manifest_path

SCALE = 2000
SEED = 7
_EXCEL_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2}) 00:00:00$")


@pytest.fixture(scope="session")
def district(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("district")
    manifest = generate_district(SCALE, SEED, out)
    return out, manifest


@pytest.fixture(scope="session")
def out_dir(district: tuple[Path, dict]) -> Path:
    return district[0]


@pytest.fixture(scope="session")
def manifest(district: tuple[Path, dict]) -> dict:
    on_disk = json.loads(manifest_path(district[0]).read_text(encoding="utf-8"))
    assert on_disk == district[1], "returned manifest differs from manifest.json"
    return on_disk


def read_file(path: Path, fmt: str, encoding: str) -> pl.DataFrame:
    """A provider file as all-string columns; blanks as null; Excel date cells as ISO dates."""
    if fmt == "csv":
        text = path.read_bytes().decode({"utf-8 with BOM": "utf-8-sig"}.get(encoding, encoding))
        frame = pl.read_csv(text.encode("utf-8"), infer_schema=False)
    elif fmt == "json":
        rows = json.loads(path.read_text(encoding="utf-8"))
        frame = pl.DataFrame(
            [{k: None if v is None else str(v) for k, v in row.items()} for row in rows],
            schema={k: pl.String for k in rows[0]},
        )
    elif fmt == "xlsx":
        frame = pl.read_excel(path, infer_schema_length=0)
        frame = frame.with_columns(pl.all().str.replace(_EXCEL_DATE.pattern, "${1}"))
    else:
        raise AssertionError(f"unexpected format {fmt}")
    return frame.with_columns(pl.when(pl.all() == "").then(None).otherwise(pl.all()).name.keep())


@pytest.fixture(scope="session")
def tables(out_dir: Path, manifest: dict) -> dict[str, pl.DataFrame]:
    return {f["dataset"]: read_file(out_dir / f["path"], f["format"], f["encoding"]) for f in manifest["files"]}
