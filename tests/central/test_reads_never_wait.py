"""Readers query through a full build and see only complete, consistent answers (never a lock error)."""

from __future__ import annotations

import multiprocessing as mp
import time

from catalog.validate import load_catalog
from central.build import build_now, read_record
from central.paths import published_db
from tests.central.district import built, catalog  # noqa: F401 (fixtures)

# One statement, one file: the build id and two tables that must agree within any one build.
CONSISTENCY = """
select (select build_id from dw_meta.build) as build_id,
       (select sum(cell_count) from central.population_by_street_age_sex) as population,
       (select count(*) from central.person_profile) as profiles,
       (select count(*) from shared.household_registration) as shared_rows
"""


def _reader(path: str, stop, results) -> None:  # runs in its own process, like a BI tool
    from central.query import connect_reader

    seen, errors = [], []
    while not stop.is_set():
        try:
            with connect_reader(__import__("pathlib").Path(path)) as con:
                seen.append(con.execute(CONSISTENCY).fetchall()[0])
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
    results.put((seen, errors))


def test_a_reader_looping_through_a_build_never_errors_and_never_sees_a_mix(built):
    before = read_record(built)["build_id"]
    ctx = mp.get_context("spawn")
    stop, results = ctx.Event(), ctx.Queue()
    reader = ctx.Process(target=_reader, args=(str(published_db(built)), stop, results))
    reader.start()
    time.sleep(1.0)
    build_now(built, load_catalog(built.catalog_dir), force=True)
    time.sleep(1.0)
    stop.set()
    seen, errors = results.get(timeout=60)
    reader.join(timeout=30)
    after = read_record(built)["build_id"]
    assert errors == []
    assert after != before
    assert {s[0] for s in seen} <= {before, after} and after in {s[0] for s in seen}
    for _, population, profiles, shared_rows in seen:
        assert population == profiles == shared_rows > 0
