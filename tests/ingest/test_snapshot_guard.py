"""A snapshot replaces the current table only when it is plausibly the whole table (issue 12, item 1)."""

from __future__ import annotations

import json

import pytest

from ingest import ledger
from ingest.decisions import DecisionRefused, reject, release
from ingest.status import attention_lines, dataset_status
from tests.ingest import deliveries
from tests.ingest.conftest import ingest_all
from tests.ingest.truth import assert_truthful, content

HUKOU = "household_registration"


def _open_files(settings, catalog, dataset):
    [row] = [r for r in dataset_status(catalog, settings.lake_dir) if r["dataset"] == dataset]
    return row["files"]


@pytest.mark.parametrize(
    ("case", "why"),
    [
        (deliveries.wrong_delimiter, "catalogued column(s) absent"),
        (deliveries.renamed_column, "姓名"),
        (deliveries.partial_extract, "ambiguous"),
        (deliveries.truncated, "would remove"),
    ],
    ids=["wrong-delimiter", "renamed-column", "partial-extract", "truncated-gb18030"],
)
def test_implausible_snapshot_is_held_and_the_table_kept(loaded, case, why):
    settings, catalog = loaded
    before = content(settings, HUKOU)
    path = case(settings.landing_dir)
    results = ingest_all(catalog, settings)

    assert [(r.source_file, r.event) for r in results] == [(f"psb/{path.name}", "held")]
    assert why in results[0].reason
    assert content(settings, HUKOU).equals(before)  # not one current row lost
    [held] = _open_files(settings, catalog, HUKOU)
    assert held["state"] == "held" and held["source_file"] == f"psb/{path.name}"
    [line] = [x for x in attention_lines(dataset_status(catalog, settings.lake_dir)) if path.name in x]
    assert "\n" not in line and "dw file release" in line
    assert ingest_all(catalog, settings) == []  # held once, not re-decided on every run
    assert_truthful(settings, catalog)


def test_held_snapshot_released_by_the_operator_replaces_the_table(loaded):
    settings, catalog = loaded
    path = deliveries.truncated(settings.landing_dir)
    ingest_all(catalog, settings)
    result = release(catalog, settings, f"psb/{path.name}", "tester")
    assert result.event == "loaded" and "tester" in result.reason
    assert content(settings, HUKOU).height == result.clean_rows < 600
    assert _open_files(settings, catalog, HUKOU) == []
    assert_truthful(settings, catalog)
    with pytest.raises(DecisionRefused, match="nothing changed"):
        release(catalog, settings, f"psb/{path.name}", "tester")  # already loaded


def test_held_snapshot_rejected_leaves_the_list_and_the_table(loaded):
    settings, catalog = loaded
    before = content(settings, HUKOU)
    path = deliveries.renamed_column(settings.landing_dir)
    ingest_all(catalog, settings)
    assert reject(catalog, settings, f"psb/{path.name}", "tester", "wrong header") == "held"
    assert _open_files(settings, catalog, HUKOU) == []
    assert content(settings, HUKOU).equals(before)
    assert ingest_all(catalog, settings) == []
    assert_truthful(settings, catalog)


def test_two_files_for_one_date_are_both_held(loaded):
    settings, catalog = loaded
    before = content(settings, HUKOU)
    paths = deliveries.same_date_twice(settings.landing_dir)
    results = ingest_all(catalog, settings)
    assert sorted((r.source_file, r.event) for r in results) == sorted((f"psb/{p.name}", "held") for p in paths)
    assert all("same date" in r.reason for r in results)
    assert content(settings, HUKOU).equals(before)
    assert_truthful(settings, catalog)


def test_a_plausible_newer_snapshot_replaces_the_older_by_its_date(loaded):
    settings, catalog = loaded
    text = (settings.landing_dir / deliveries.HUKOU).read_bytes()
    (settings.landing_dir / "psb" / "hukou_20261130.csv").write_bytes(text)  # same bytes, newer date: repeated
    (settings.landing_dir / "psb" / "hukou_20261201.csv").write_bytes(text.rstrip(b"\r\n").rsplit(b"\r\n", 1)[0])
    results = ingest_all(catalog, settings)
    assert sorted((r.source_file, r.event) for r in results) == [("psb/hukou_20261130.csv", "repeated"), ("psb/hukou_20261201.csv", "loaded")]
    assert ledger.latest_batch(settings.lake_dir, HUKOU)["source_file"] == "psb/hukou_20261201.csv"
    assert_truthful(settings, catalog)


def test_an_incremental_file_delivered_again_cut_short_is_held(loaded):
    settings, catalog = loaded
    before = content(settings, "birth_registration")
    path = settings.landing_dir / "hb" / "chusheng_20261124.csv"
    path.write_bytes(b"\n".join(path.read_bytes().splitlines()[:2]) + b"\n")  # one row of eleven
    [result] = ingest_all(catalog, settings)
    assert (result.event, "would remove" in result.reason) == ("held", True)
    assert content(settings, "birth_registration").equals(before)
    assert_truthful(settings, catalog)


def test_an_older_snapshot_delivered_late_is_held_as_stale_not_loaded(loaded):
    settings, catalog = loaded
    before = content(settings, HUKOU)
    text = (settings.landing_dir / deliveries.HUKOU).read_bytes()
    (settings.landing_dir / "psb" / "hukou_20261101.csv").write_bytes(text.rsplit(b"\r\n", 2)[0])
    [result] = ingest_all(catalog, settings)
    assert (result.source_file, result.event) == ("psb/hukou_20261101.csv", "held") and "stale" in result.reason
    assert content(settings, HUKOU).equals(before)
    assert_truthful(settings, catalog)


def test_cover_sheet_is_never_read_as_data(loaded):
    settings, catalog = loaded
    before = content(settings, "subsistence_allowance")
    path = deliveries.cover_sheet_workbook(settings.landing_dir)
    [result] = ingest_all(catalog, settings)
    assert (result.source_file, result.event) == (f"mca/{path.name}", "loaded")
    after = content(settings, "subsistence_allowance")
    assert after.height == before.height and after["resident_id"].sort().equals(before["resident_id"].sort())
    assert_truthful(settings, catalog)


def _audited(settings, subject):
    from workflow.audit import entries_about
    from workflow.context import open_workflow

    wf = open_workflow(settings)
    try:
        with wf.store.read() as s:
            assert wf.audit.verify(s).ok
            return [(e.action, e.actor, e.channel, e.row_count, json.loads(e.detail)) for e in entries_about(s, subject)]
    finally:
        wf.close()


def test_operator_decisions_are_in_the_audit_log(loaded):
    from typer.testing import CliRunner

    from dw.cli import app

    settings, catalog = loaded
    held = deliveries.renamed_column(settings.landing_dir)
    ingest_all(catalog, settings)
    pasted = CliRunner().invoke(app, ["file", "reject", f"psb/{held.name}", "--note", "居民 110101199003071234 来电"])
    assert pasted.exit_code == 2 and "110101199003071234" not in pasted.output  # refused before anything changed
    assert _open_files(settings, catalog, HUKOU)[0]["state"] == "held"

    result = CliRunner().invoke(app, ["file", "reject", f"psb/{held.name}", "--note", "表头错误 wrong header", "--actor", "zhang"])
    assert result.exit_code == 0, result.output
    [(action, actor, channel, rows, detail)] = _audited(settings, f"file:psb/{held.name}")
    assert (action, actor, str(channel)) == ("file.reject", "zhang", "cli") and detail["was"] == "held"

    cut = deliveries.truncated(settings.landing_dir)
    ingest_all(catalog, settings)
    result = CliRunner().invoke(app, ["file", "release", f"psb/{cut.name}", "--actor", "li"])
    assert result.exit_code == 0, result.output
    [(action, actor, _, rows, detail)] = _audited(settings, f"file:psb/{cut.name}")
    assert action == "file.release" and actor == "li" and rows == content(settings, HUKOU).height + detail["quarantined_rows"]
