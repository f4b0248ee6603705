"""Messages obey rule 5 outside ingestion too: the duplicate report survives a renamed reference
column, and an error no command anticipated is one line without its (possibly data-quoting) text."""

from __future__ import annotations

import polars as pl
import pytest
import typer
from typer.testing import CliRunner

from catalog.validate import load_catalog
from config.errors import data_kept_out_of_errors
from dw.oneline import OneLineTyper, one_line_message
from ingest.duplicate_report import all_findings, render_markdown
from ingest.errors import SourceError
from ingest.pipeline import ingest_dataset
from tests.ingest.files import A, B, write_hukou


def test_renamed_reference_column_never_breaks_the_duplicate_report(home):
    catalog = load_catalog(home.catalog_dir)
    write_hukou(home.landing_dir)
    ingest_dataset(catalog.dataset("household_registration"), catalog, home)
    dibao = pl.DataFrame({"身份证号": [A, B], "保障人数": ["3", "1"], "月保障金额": ["1", "2"],
                          "起始日期": ["2024-03-01", "2024-04-01"], "所在街道": ["鼓楼街道", "南门街道"], "户主": ["张三", "李四"]})
    path = home.landing_dir / "mca" / "dibao_20261124.xlsx"
    path.parent.mkdir(parents=True)
    dibao.write_excel(path)
    ingest_dataset(catalog.dataset("subsistence_allowance"), catalog, home)
    findings = all_findings(catalog, home.lake_dir)  # raised ColumnNotFoundError before
    assert findings.is_empty() and "未发现重复采集" in render_markdown(findings)  # nothing to join on, nothing claimed


def _app(exc: Exception) -> OneLineTyper:
    app = OneLineTyper()

    @app.command()
    def boom() -> None:
        raise exc

    @app.command()
    def other() -> None:
        pass

    return app


def test_unexpected_error_is_one_line_without_its_message(monkeypatch, capsys):
    monkeypatch.delenv("DW_DEBUG", raising=False)
    app = _app(ValueError("could not parse 330203199001011234 as a date"))
    with pytest.raises(SystemExit) as info:
        app(["boom"])
    assert info.value.code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "ValueError" in err and "--debug" in err and "330203199001011234" not in err


def test_refusal_prints_its_own_line(tmp_path):
    line = one_line_message(SourceError(tmp_path / "a.csv", 3, None, "原因 reason here", "do this"))
    assert line.startswith("错误 error: 原因 reason here — 文件 file") and "数据行 row 3" in line and "\n" not in line


def test_debug_shows_the_traceback(monkeypatch):
    monkeypatch.setenv("DW_DEBUG", "1")
    with pytest.raises(ValueError, match="boom"):
        _app(ValueError("boom"))(["boom"])


def test_dw_debug_option_is_accepted(monkeypatch):
    from dw.cli import app

    monkeypatch.setenv("DW_DEBUG", "0")  # restored after the test: the option sets it for the process

    result = CliRunner().invoke(app, ["--debug", "catalog", "validate"])
    assert result.exit_code == 0, result.output
    assert isinstance(app, typer.Typer)


def _library_failure_quoting(value: str) -> None:
    pl.DataFrame({"id": [value]}).select(pl.col("id").cast(pl.Int64))  # polars quotes the value it could not cast


def test_a_library_failure_reaches_dagster_by_type_only(monkeypatch, tmp_path):
    import dagster as dg

    monkeypatch.delenv("DW_DEBUG", raising=False)
    resident_id = "33020319900101123X"

    @dg.asset
    def reads_a_file() -> None:
        with data_kept_out_of_errors("读取 reading household_registration"):
            _library_failure_quoting(resident_id)

    with dg.DagsterInstance.ephemeral(tempdir=str(tmp_path)) as instance:
        result = dg.materialize([reads_a_file], instance=instance, raise_on_error=False)
        assert not result.success
        [failure] = [e for e in result.all_events if e.is_step_failure]
        error = failure.step_failure_data.error
        mine = error.cause  # Dagster wraps what the asset raised
        assert mine.cls_name == "UnexpectedError" and mine.cause is None and mine.context is None
        assert "InvalidOperationError" in mine.message and "dw --debug run" in mine.message
        stored = "\n".join(str(record) for record in instance.all_logs(result.run_id))
    assert resident_id not in stored and resident_id not in error.to_string()


def test_anticipated_refusals_and_debug_keep_their_own_exception(monkeypatch, tmp_path):
    monkeypatch.delenv("DW_DEBUG", raising=False)
    refusal = SourceError(tmp_path / "a.csv", 3, None, "原因 reason here", "do this")
    with pytest.raises(SourceError), data_kept_out_of_errors("here"):
        raise refusal
    monkeypatch.setenv("DW_DEBUG", "1")
    with pytest.raises(pl.exceptions.InvalidOperationError), data_kept_out_of_errors("here"):
        _library_failure_quoting("33020319900101123X")
