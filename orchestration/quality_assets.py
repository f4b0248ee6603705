"""Quality as Dagster asset checks on every clean asset (Art. 26, 29), from the rule registry.

Per dataset one check step evaluates its suite and writes its findings, and reports three
checks: ``quality_critical`` (blocking: a failing critical rule stops everything downstream of
the clean table, releases included), ``quality_warnings`` (reported, never blocks) and
``freshness`` (the catalogued update cycle, never blocks).
No ``from __future__ import annotations`` here: Dagster reads the real type of ``context``.
"""

from collections.abc import Iterator

import dagster as dg

from catalog.model import Catalog, CatalogEntry
from config.settings import load_settings
from expectations.findings import record_findings
from expectations.freshness import all_freshness
from expectations.registry import verify_rules
from expectations.rules import Severity, Stage
from expectations.verify import verify_dataset
from orchestration.ingest_assets import clean_key
from orchestration.resources import Warehouse

CRITICAL, WARNINGS, FRESHNESS = "quality_critical", "quality_warnings", "freshness"


def build_quality_checks(entry: CatalogEntry, catalog: Catalog) -> dg.AssetChecksDefinition:
    ds = entry.dataset.id
    key = clean_key(ds)
    rules = verify_rules(catalog, ds, load_settings().today())
    needs = sorted({o for r in rules for o in r.check.needs() if o != ds})
    deps = [clean_key(o) for o in needs]

    @dg.multi_asset_check(
        name=f"quality_{ds}",
        specs=[
            dg.AssetCheckSpec(CRITICAL, asset=key, additional_deps=deps, blocking=True,
                              description="严重规则 critical rules of the suite; a failure blocks downstream assets"),
            dg.AssetCheckSpec(WARNINGS, asset=key, additional_deps=deps,
                              description="警告规则 warning rules (cross-source comparison, 比对); reported, never blocks"),
            dg.AssetCheckSpec(FRESHNESS, asset=key, description="更新周期 freshness against the catalogued update cycle (Art. 26)"),
        ],
    )
    def _quality(context: dg.AssetCheckExecutionContext, warehouse: Warehouse) -> Iterator[dg.AssetCheckResult]:
        settings = warehouse.settings()
        today = settings.today()
        cat = warehouse.catalog()
        verification = verify_dataset(cat, ds, settings.lake_dir, today)
        found, changed = record_findings(cat, ds, settings.lake_dir, today, verification)
        counts = verification.counts() if verification else {}
        by_id = {r.id: r for r in (verification.rules if verification else ())}
        for name, severity in ((CRITICAL, Severity.critical), (WARNINGS, Severity.warning)):
            failing = {i: n for i, n in counts.items() if n and by_id[i].severity is severity and Stage.verify in by_id[i].stages}
            checked = [r for r in by_id.values() if r.severity is severity]
            yield dg.AssetCheckResult(
                check_name=name, asset_key=key, passed=not failing,
                severity=dg.AssetCheckSeverity.ERROR if severity is Severity.critical else dg.AssetCheckSeverity.WARN,
                metadata={
                    "rules": len(checked), "failing_rules": len(failing),
                    "failing": dg.MetadataValue.json({i: {"rows": n, "名称": by_id[i].title} for i, n in failing.items()}),
                    "rows_checked": verification.frame.height if verification else 0,
                    "findings_written": changed, "findings_rows": found.height,
                },
            )
        fresh = next(f for f in all_freshness(cat, settings.lake_dir, today) if f.dataset == ds)
        yield dg.AssetCheckResult(
            check_name=FRESHNESS, asset_key=key, passed=not fresh.stale, severity=dg.AssetCheckSeverity.WARN,
            description=fresh.describe(),
            metadata={"provider": fresh.provider, "days_late": fresh.days_late, "today": str(today),
                      "delivered_on": str(fresh.delivered_on), "update_cycle": fresh.cycle.value},
        )
        if fresh.stale:
            context.log.warning(fresh.describe())

    return _quality


def build_all_quality_checks(catalog: Catalog) -> list[dg.AssetChecksDefinition]:
    return [build_quality_checks(e, catalog) for e in catalog.entries]
