"""Restore is an operation the ledger knows (issue 12, item 4): a dataset as a whole, rolled-back
files listed until an operator decides, one command to bring one back, refusals in one line."""

from __future__ import annotations

import polars as pl
import pytest
from typer.testing import CliRunner

from dw.cli import app
from ingest import ledger
from ingest.decisions import release
from ingest.restore import RestoreRefused, restore
from ingest.status import dataset_status
from lakehouse import tables
from tests.ingest import deliveries
from tests.ingest.conftest import ingest_all
from tests.ingest.truth import ZONES, assert_truthful, content, table

BIRTHS = "birth_registration"
HUKOU = "household_registration"


def _first_load(settings, dataset):
    events = ledger.read_ledger(settings.lake_dir).filter((pl.col("dataset") == dataset) & (pl.col("event") == "loaded"))
    return events.row(0, named=True)


def _files(settings, catalog, dataset):
    [row] = [r for r in dataset_status(catalog, settings.lake_dir) if r["dataset"] == dataset]
    return {f["source_file"]: f["state"] for f in row["files"]}


def _versions(settings, dataset):
    return {z: tables.version(tables.table_path(settings.lake_dir, z, dataset)) for z in ZONES}


@pytest.mark.parametrize("zone", ["clean", "raw", "quarantine"])
def test_restore_then_run_then_bring_the_file_back(loaded, zone):
    settings, catalog = loaded
    first = _first_load(settings, BIRTHS)
    before = {z: content(settings, BIRTHS, z) for z in ZONES}
    second = deliveries.new_births(settings.landing_dir, "chusheng_20261125.csv")
    [loaded_second] = ingest_all(catalog, settings)
    assert loaded_second.event == "loaded"

    result = restore(catalog, settings, f"{zone}/{BIRTHS}", first[f"{zone}_version"], "tester")
    assert result.rolled_back == [f"hb/{second.name}"]
    for z in ZONES:  # the dataset as a whole, not only the table named
        assert content(settings, BIRTHS, z).equals(before[z]), z
    assert _files(settings, catalog, BIRTHS) == {f"hb/{second.name}": "rolled_back"}
    assert_truthful(settings, catalog)

    assert ingest_all(catalog, settings) == []  # the next run neither reloads it nor forgets it
    assert _files(settings, catalog, BIRTHS) == {f"hb/{second.name}": "rolled_back"}
    assert_truthful(settings, catalog)

    again = release(catalog, settings, f"hb/{second.name}", "tester")  # one command brings it back
    assert again.event == "loaded" and again.clean_rows == loaded_second.clean_rows
    assert set(table(settings, "clean", BIRTHS)["_source_file"]) == {deliveries.BIRTHS, f"hb/{second.name}"}
    assert _files(settings, catalog, BIRTHS) == {}
    assert_truthful(settings, catalog)


def test_a_restore_can_be_undone_and_the_ledger_follows(loaded):
    settings, catalog = loaded
    deliveries.new_births(settings.landing_dir, "chusheng_20261125.csv")
    ingest_all(catalog, settings)
    after_second = content(settings, BIRTHS)
    latest = tables.version(tables.table_path(settings.lake_dir, "clean", BIRTHS))
    restore(catalog, settings, f"clean/{BIRTHS}", _first_load(settings, BIRTHS)["clean_version"], "tester")
    undo = restore(catalog, settings, f"clean/{BIRTHS}", latest, "tester")
    assert undo.brought_back == ["hb/chusheng_20261125.csv"]
    assert content(settings, BIRTHS).equals(after_second)
    assert _files(settings, catalog, BIRTHS) == {}
    assert_truthful(settings, catalog)


def test_restore_of_a_snapshot_brings_the_older_file_back_as_current(loaded):
    settings, catalog = loaded
    before = content(settings, HUKOU)
    data = (settings.landing_dir / deliveries.HUKOU).read_bytes()
    newer = settings.landing_dir / "psb" / "hukou_20261201.csv"
    newer.write_bytes(data.rstrip(b"\r\n").rsplit(b"\r\n", 1)[0])
    [result] = ingest_all(catalog, settings)
    assert result.event == "loaded"
    restore(catalog, settings, f"clean/{HUKOU}", _first_load(settings, HUKOU)["clean_version"], "tester")
    assert content(settings, HUKOU).equals(before)
    assert ledger.latest_batch(settings.lake_dir, HUKOU)["source_file"] == deliveries.HUKOU
    assert _files(settings, catalog, HUKOU) == {"psb/hukou_20261201.csv": "rolled_back"}
    assert ingest_all(catalog, settings) == []
    assert_truthful(settings, catalog)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["clean/birth_registration", "--version", "99"], "no such version"),
        (["clean/birth_registration", "--version", "CURRENT"], "already the current version"),
        (["clean/no_such_dataset", "--version", "0"], "no such table"),
        (["meta/batches", "--version", "0"], "only raw, clean, quarantine or release"),
    ],
    ids=["missing-version", "current-version", "missing-table", "the-ledger"],
)
def test_restore_refusals_are_one_line_and_change_nothing(loaded, args, says):
    settings, _catalog = loaded
    current = tables.version(tables.table_path(settings.lake_dir, "clean", BIRTHS))
    args = [a.replace("CURRENT", str(current)) for a in args]
    before = _versions(settings, BIRTHS) | {"ledger": tables.version(ledger.ledger_path(settings.lake_dir))}
    result = CliRunner().invoke(app, ["table", "restore", *args])
    assert result.exit_code == 2
    lines = [x for x in result.output.splitlines() if x.strip()]
    assert len(lines) == 1 and says in lines[0] and "nothing changed" in lines[0]
    assert _versions(settings, BIRTHS) | {"ledger": tables.version(ledger.ledger_path(settings.lake_dir))} == before


def test_restoring_what_the_dataset_already_holds_is_refused(loaded):
    settings, catalog = loaded
    deliveries.new_births(settings.landing_dir, "chusheng_20261125.csv")
    ingest_all(catalog, settings)
    first = _first_load(settings, BIRTHS)["clean_version"]
    restore(catalog, settings, f"clean/{BIRTHS}", first, "tester")
    before = _versions(settings, BIRTHS)
    with pytest.raises(RestoreRefused, match="holds what the dataset holds now"):
        restore(catalog, settings, f"clean/{BIRTHS}", first, "tester")
    assert _versions(settings, BIRTHS) == before


def test_a_restore_from_the_cli_is_in_the_audit_log(loaded):
    import json

    from workflow.audit import entries_about
    from workflow.context import open_workflow

    settings, catalog = loaded
    first = _first_load(settings, BIRTHS)
    second = deliveries.new_births(settings.landing_dir, "chusheng_20261125.csv")
    ingest_all(catalog, settings)
    result = CliRunner().invoke(app, ["table", "restore", f"clean/{BIRTHS}", "--version", str(first["clean_version"]),
                                      "--actor", "wang"])
    assert result.exit_code == 0, result.output
    wf = open_workflow(settings)
    try:
        with wf.store.read() as s:
            assert wf.audit.verify(s).ok
            [entry] = entries_about(s, f"table:clean/{BIRTHS}")
    finally:
        wf.close()
    detail = json.loads(entry.detail)
    assert (entry.action, entry.actor, entry.dataset) == ("table.restore", "wang", BIRTHS)
    assert detail["rolled_back"] == [f"hb/{second.name}"] and detail["to_version"] == first["clean_version"]
