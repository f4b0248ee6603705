"""A failing critical quality check blocks only the models that read that dataset; a warning blocks nothing.

Real Dagster, the `dw run` path (``run_main_job``): the main job, then — because the failed
blocking check skips the whole dbt step in that run — the dbt assets alone, which leave out the
blocked dataset's models and keep their published content.
"""

from __future__ import annotations

import io

import dagster as dg
from rich.console import Console

from central.paths import published_db
from central.query import connect_reader
from config.settings import Settings, load_settings
from demo.generate import generate_district
from orchestration.dbt_assets import CENTRAL_JOB
from orchestration.run import dagster_instance, run_main_job
from tests.conftest import edit_yaml

KEPT = "central/person_profile"  # reads the household register (and more)
REBUILT = "central/enterprises_by_industry_street_status"  # reads enterprises and power only


def events(settings: Settings, run_id: str, kind: str) -> set[str]:
    with dagster_instance(settings) as instance:
        return {r.dagster_event.asset_key.to_user_string() for r in instance.all_logs(run_id)
                if r.dagster_event and r.dagster_event.event_type_value == kind and r.dagster_event.asset_key}


def latest_run(settings: Settings, job: str) -> dg.DagsterRun:
    with dagster_instance(settings) as instance:
        return instance.get_runs(filters=dg.RunsFilter(job_name=job), limit=1)[0]


def snapshot(settings: Settings) -> tuple[str, list[tuple], list[tuple]]:
    with connect_reader(published_db(settings)) as con:
        build_id = con.execute("select build_id from dw_meta.build").fetchall()[0][0]
        profile = con.sql("select * from central.person_profile order by all").fetchall()
        kept = con.sql("select schema_name || '/' || relation, blocked_datasets, kept_from_build from dw_meta.kept").fetchall()
    return build_id, profile, kept


def failed_checks(settings: Settings, run_id: str) -> set[tuple[str, str]]:
    with dagster_instance(settings) as instance:
        return {(r.dagster_event.event_specific_data.asset_key.path[-1], r.dagster_event.event_specific_data.check_name)
                for r in instance.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION)
                if not r.dagster_event.event_specific_data.passed}


def test_critical_failure_keeps_that_datasets_models_and_builds_the_rest(home, catalog_copy, monkeypatch):
    generate_district(1000, 5, home.landing_dir)
    console = Console(file=io.StringIO(), width=200)

    run_main_job(home, console)
    main = latest_run(home, "main_job")
    # Warning-only failures (late deliveries, cross-source mismatches) block nothing: every model is built.
    warned = failed_checks(home, main.run_id)
    assert warned and all(name != "quality_critical" for _, name in warned)
    built = events(home, main.run_id, "ASSET_MATERIALIZATION")
    assert {KEPT, REBUILT, "shared/household_registration", "published/population_by_street_age_sex"} <= built
    first_id, profile_before, kept_before = snapshot(home)
    assert kept_before == []

    # The register's critical check now fails: the catalog narrows 性别 to one value the table breaks.
    edit_yaml(catalog_copy / "psb.yaml", lambda d: d["datasets"][0]["fields"][2]["values"].update(allowed=["男"]))
    monkeypatch.setenv("DW_CATALOG", str(catalog_copy))
    settings = load_settings(home.home)
    out = io.StringIO()
    assert not run_main_job(settings, Console(file=out, width=400))
    main, follow_up = latest_run(settings, "main_job"), latest_run(settings, CENTRAL_JOB)
    assert follow_up.run_id != main.run_id and follow_up.status == dg.DagsterRunStatus.SUCCESS
    assert ("household_registration", "quality_critical") in failed_checks(settings, main.run_id)
    assert not events(settings, main.run_id, "ASSET_MATERIALIZATION") & {KEPT, REBUILT}  # Dagster skipped the dbt step
    rebuilt = events(settings, follow_up.run_id, "ASSET_MATERIALIZATION")
    assert REBUILT in rebuilt and "shared/power_accounts" in rebuilt
    assert not {k for k in rebuilt if "household" in k or k in (KEPT, "central/population_by_street_age_sex")}
    assert KEPT in events(settings, follow_up.run_id, "ASSET_OBSERVATION")  # shown stale in the asset graph
    assert "person_profile" in out.getvalue()  # and named in the run report

    second_id, profile_after, kept = snapshot(settings)
    assert second_id != first_id  # a new build was published...
    assert profile_after == profile_before  # ...with the blocked dataset's models as they were
    kept_by = {rel: (blocked, origin) for rel, blocked, origin in kept}
    assert kept_by["central/person_profile"] == (["household_registration"], first_id)
    assert "staging/stg_household_registration" in kept_by and "central/enterprises_by_industry_street_status" not in kept_by

    # Still blocked, nothing else new: the rerun publishes nothing new.
    run_main_job(settings, Console(file=io.StringIO()))
    assert snapshot(settings)[0] == second_id
