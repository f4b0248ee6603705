"""Quality as Dagster asset checks on every clean asset (Art. 26, 29), from the rule registry.

Per dataset three checks: ``quality_critical`` (blocking: a failing critical rule stops
everything downstream of the clean table, releases included), ``quality_warnings`` (the whole
suite incl. cross-source comparison; writes the findings; validates the suite with Great
Expectations and records GX's validation result, ``DW_QUALITY_GX``; reported, never blocks) and
``freshness`` (the catalogued update cycle, never blocks).
No ``from __future__ import annotations`` here: Dagster reads the real type of ``context``.
"""

from collections.abc import Iterator

import dagster as dg

from catalog.model import Catalog, CatalogEntry
from config.settings import GxMode, Settings, load_settings
from expectations.findings import record_findings
from expectations.freshness import all_freshness
from expectations.registry import verify_rules
from expectations.report.build import build_report
from expectations.rules import Severity
from expectations.verify import Verification, clean_table, verify_dataset
from orchestration.ingest_assets import clean_key, quarantine_key
from orchestration.resources import Warehouse
from workflow.loop.tally import report_tally

CRITICAL, WARNINGS, FRESHNESS = "quality_critical", "quality_warnings", "freshness"


def build_quality_checks(entry: CatalogEntry, catalog: Catalog) -> list[dg.AssetChecksDefinition]:
    ds = entry.dataset.id
    key = clean_key(ds)
    rules = verify_rules(catalog, ds, load_settings().today())
    deps = [clean_key(o) for o in sorted({o for r in rules for o in r.check.needs() if o != ds})]

    # The blocking check reads this table alone, so a problem elsewhere never holds up this
    # dataset's releases; comparison across sources waits for the authoritative tables.
    @dg.asset_check(name=CRITICAL, asset=key, blocking=True,
                    description="严重规则 critical rules of the suite; a failure blocks everything downstream")
    def _critical(warehouse: Warehouse) -> dg.AssetCheckResult:
        settings = warehouse.settings()
        verification = verify_dataset(warehouse.catalog(), ds, settings.lake_dir, settings.today(), local_only=True)
        return _result(CRITICAL, key, verification, Severity.critical)

    @dg.multi_asset_check(
        name=f"quality_{ds}",
        specs=[
            dg.AssetCheckSpec(WARNINGS, asset=key, additional_deps=deps,
                              description="警告规则 warning rules (cross-source comparison, 比对) and findings; never blocks"),
            dg.AssetCheckSpec(FRESHNESS, asset=key, description="更新周期 freshness against the catalogued update cycle (Art. 26)"),
        ],
    )
    def _quality(context: dg.AssetCheckExecutionContext, warehouse: Warehouse) -> Iterator[dg.AssetCheckResult]:
        settings = warehouse.settings()
        today = settings.today()
        cat = warehouse.catalog()
        verification = verify_dataset(cat, ds, settings.lake_dir, today)
        found, changed = record_findings(cat, ds, settings.lake_dir, today, verification, home=settings.home)
        extra: dict = {"findings_written": changed, "findings": found.height}
        if settings.quality_gx is not GxMode.off and verification is not None:
            extra |= _gx_validation(verification, settings, context)
        yield _result(WARNINGS, key, verification, Severity.warning, extra)
        fresh = next(f for f in all_freshness(cat, settings.lake_dir, today) if f.dataset == ds)
        yield dg.AssetCheckResult(
            check_name=FRESHNESS, asset_key=key, passed=not fresh.stale, severity=dg.AssetCheckSeverity.WARN,
            description=fresh.describe(),
            metadata={"provider": fresh.provider, "days_late": fresh.days_late, "today": str(today),
                      "delivered_on": str(fresh.delivered_on), "update_cycle": fresh.cycle.value},
        )
        if fresh.stale:
            context.log.warning(fresh.describe())

    return [_critical, _quality]


def _gx_validation(verification: Verification, settings: Settings, context: dg.AssetCheckExecutionContext) -> dict:
    """Validate with GX (the rules' results, or in ``full`` mode the compiled suite on the table),
    record GX's validation result for the report, and check that GX agrees with polars."""
    from expectations.gx_record import record
    from expectations.gx_suite import outcomes, validate_full, validate_results
    from lakehouse.lineage import BATCH_ID

    ds, rules = verification.dataset, verification.rules
    if settings.quality_gx is GxMode.full:
        others = {o: t for r in rules for o in r.check.needs() if (t := clean_table(settings.lake_dir, o)) is not None}
        result = validate_full(ds, rules, verification.frame, others)
    else:
        result = validate_results(ds, rules, verification.masks)
    counts = verification.counts()
    disagree = sorted({o.rule_id for o in outcomes(result) if o.unexpected_count != counts[o.rule_id]})
    if disagree:
        context.log.error(f"GX 与 polars 结果不一致 GX and polars disagree on {disagree}")
    batches = sorted(verification.frame[BATCH_ID].unique().to_list()) if BATCH_ID in verification.frame.columns else []
    kept = record(settings.reports_dir, ds, settings.quality_gx.value, batches, result, disagree)
    return {"gx_mode": kept.mode, "gx_expectations": kept.evaluated, "gx_unsuccessful": kept.unsuccessful,
            "gx_agrees": kept.agrees, "gx_result": str(settings.reports_dir / kept.file)}


def _result(name: str, key: dg.AssetKey, verification: Verification | None, severity: Severity,
            extra: dict | None = None) -> dg.AssetCheckResult:
    counts = verification.counts() if verification else {}
    by_id = {r.id: r for r in (verification.rules if verification else ())}
    failing = {i: n for i, n in counts.items() if n and by_id[i].severity is severity}
    return dg.AssetCheckResult(
        check_name=name, asset_key=key, passed=not failing,
        severity=dg.AssetCheckSeverity.ERROR if severity is Severity.critical else dg.AssetCheckSeverity.WARN,
        metadata={
            "rules": sum(1 for r in by_id.values() if r.severity is severity), "failing_rules": len(failing),
            "failing": dg.MetadataValue.json({i: {"rows": n, "名称 name": by_id[i].title} for i, n in failing.items()}),
            "rows_checked": verification.frame.height if verification else 0, **(extra or {}),
        },
    )


def build_all_quality_checks(catalog: Catalog) -> list[dg.AssetChecksDefinition]:
    return [c for e in catalog.entries for c in build_quality_checks(e, catalog)]


def build_quality_report_asset(catalog: Catalog) -> dg.AssetsDefinition:
    """The officers' HTML report, refreshed by the main job after every ingestion step.

    It depends on the quarantine tables (written by the same step as the clean ones) rather than
    on the clean tables, so a blocking critical failure never stops the report that shows it.
    """

    @dg.asset(
        key=["report", "quality"],
        deps=[quarantine_key(e.dataset.id) for e in catalog.entries],
        group_name="reports",
        kinds={"html"},
        description="数据质量报告 quality report for officers (Art. 26, 29): self-contained HTML, Chinese with English",
        op_tags={"dagster/priority": "-20"},  # after the problem-data tickets (-10), so it shows this run's
    )
    def quality_report(warehouse: Warehouse) -> dg.MaterializeResult:
        settings = warehouse.settings()
        path = build_report(warehouse.catalog(), settings, report_tally(settings))
        return dg.MaterializeResult(metadata={"path": str(path)})

    return quality_report
