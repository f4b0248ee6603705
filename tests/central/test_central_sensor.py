"""Under the daemon: a failed run (e.g. a main job whose blocking check skipped the dbt step)
requests the central build on its own; a failure of that build itself requests nothing."""

from __future__ import annotations

import dagster as dg

from orchestration.dbt_assets import CENTRAL_JOB, build_central_sensor


def failed_run(instance: dg.DagsterInstance, name: str) -> tuple[dg.DagsterRun, dg.DagsterEvent]:
    @dg.op
    def breaks() -> None:
        raise RuntimeError("blocked")

    @dg.job(name=name)
    def job() -> None:
        breaks()

    result = job.execute_in_process(instance=instance, raise_on_error=False)
    assert not result.success
    run = instance.get_run_by_id(result.run_id)
    assert run is not None
    return run, result.get_run_failure_event()


def requests(name: str) -> list[dg.RunRequest]:
    sensor = build_central_sensor()
    with dg.instance_for_test() as instance:
        run, event = failed_run(instance, name)
        context = dg.build_run_status_sensor_context(sensor_name=sensor.name, dagster_event=event,
                                                     dagster_instance=instance, dagster_run=run)
        return list(sensor(context.for_run_failure()) or [])  # type: ignore[operator, arg-type]


def test_a_failed_main_job_requests_the_central_build_once():
    (request,) = requests("main_job")
    assert request.run_key and request.run_key.startswith("after-")


def test_a_failed_central_build_requests_nothing():
    assert requests(CENTRAL_JOB) == []
