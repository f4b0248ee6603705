"""Where the dbt project and the published warehouse files live."""

from __future__ import annotations

from pathlib import Path

from config.settings import Settings

DBT_PROJECT_DIR = Path(__file__).resolve().parent.parent / "dbt_project"
PUBLISHED_NAME = "warehouse.duckdb"
META_SCHEMA = "dw_meta"  # in the published file: which build it is, from what, its lineage


def central_dir(settings: Settings) -> Path:
    """``DW_HOME/central``: the published DuckDB file, its build record, the dbt target folder."""
    return settings.home / "central"


def published_db(settings: Settings) -> Path:
    """The file readers open (read-only); replaced atomically by each complete build."""
    return central_dir(settings) / PUBLISHED_NAME


def build_record(settings: Settings) -> Path:
    """What the published file was built from (upstream Delta versions, project hash)."""
    return central_dir(settings) / "build.json"


def target_dir(settings: Settings) -> Path:
    """dbt's target folder for builds in this home (run results, partial parse, docs)."""
    return central_dir(settings) / "dbt_target"


def docs_dir(settings: Settings) -> Path:
    """The offline dbt docs: one self-contained ``index.html`` officers open from disk."""
    return central_dir(settings) / "docs"
