"""Rules compiled to a Great Expectations suite, and the suite validated on a clean table.

GX 1.x validates pandas frames (DESIGN.md): the clean table, with the columns cross-source
rules join in, is handed over once per dataset, validated with ``result_format=SUMMARY`` and
read back per rule. Failing rows are never taken from GX's capped lists; the polars predicate
finds them (``expectations.verify``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import great_expectations as gx
import polars as pl
from great_expectations.data_context.types.base import ProgressBarsConfig
from great_expectations.expectations.metadata_types import FailureSeverity

from expectations.rules import Rule, Severity

SEVERITY = {s.value: FailureSeverity(s.value) for s in Severity}


class SuiteIncomplete(RuntimeError):
    """A stored suite lost expectations on loading (their custom classes were not registered)."""


def expectations_of(rule: Rule) -> list[Any]:
    """The GX expectation objects one rule compiles to (none for door-only text checks)."""
    from expectations.gx_custom import CUSTOM  # importing it registers the custom expectations

    made = []
    for name, kwargs in rule.check.gx():
        cls = CUSTOM.get(name) or getattr(gx.expectations, name)
        made.append(cls(
            **kwargs, severity=SEVERITY[rule.severity.value], description=f"{rule.name_zh} {rule.name_en}",
            meta={"rule_id": rule.id, "article": rule.article, "name_zh": rule.name_zh, "name_en": rule.name_en},
        ))
    return made


def context() -> Any:
    """An ephemeral GX context: nothing is written to disk, nothing leaves the machine, no progress bars."""
    ctx = gx.get_context(mode="ephemeral")
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    return ctx


def build_suite(name: str, rules: Sequence[Rule]) -> gx.ExpectationSuite:
    context()  # GX 1.x needs an active context before a suite takes expectations
    suite = gx.ExpectationSuite(name=name)
    for rule in rules:
        for expectation in expectations_of(rule):
            suite.add_expectation(expectation)
    return suite


def suite_json(suite: gx.ExpectationSuite) -> str:
    return json.dumps(suite.to_json_dict(), ensure_ascii=False, indent=2, default=str)


def load_suite(text: str, *, register_custom: bool = True) -> gx.ExpectationSuite:
    """A suite from its JSON; refuses loudly if any expectation did not come back."""
    if register_custom:
        import expectations.gx_custom  # noqa: F401  (registers the custom expectations)
    context()
    data = json.loads(text)
    stored = [e.get("type") for e in data.get("expectations", [])]
    try:
        suite = gx.ExpectationSuite(name=data["name"], expectations=[
            gx.expectations.expectation_configuration.ExpectationConfiguration(**e).to_domain_obj()
            for e in data.get("expectations", [])
        ])
    except Exception as exc:
        raise SuiteIncomplete(
            f"期望套件无法完整加载 suite {data.get('name')!r} could not be loaded whole ({exc}); "
            "先导入 import expectations.gx_custom first"
        ) from exc
    loaded = [e.expectation_type for e in suite.expectations]
    if len(loaded) != len(stored):
        missing = sorted(set(stored) - set(loaded))
        raise SuiteIncomplete(
            f"期望套件缺少 {len(stored) - len(loaded)} 条期望 suite {data.get('name')!r} lost expectations on loading: {missing}; "
            "先导入 import expectations.gx_custom first"
        )
    return suite


@dataclass(frozen=True)
class GxOutcome:
    rule_id: str
    expectation: str
    success: bool
    unexpected_count: int
    element_count: int


def prepared(rules: Sequence[Rule], frame: pl.DataFrame, others: Mapping[str, pl.DataFrame]) -> pl.DataFrame:
    """The clean table plus what cross-source rules join in (their marker columns)."""
    for rule in rules:
        if rule.check.needs():
            frame = rule.check.prepare(frame, dict(others))
    return frame


def validate(name: str, rules: Sequence[Rule], frame: pl.DataFrame, others: Mapping[str, pl.DataFrame] | None = None) -> list[GxOutcome]:
    """Validate ``frame`` with the suite of ``rules`` in an ephemeral GX context (nothing written)."""
    suite = build_suite(name, rules)
    columns = sorted({c for r in rules for c in r.columns} | {c for r in rules for c in _markers(r)})
    pdf = prepared(rules, frame, others or {}).select(columns).to_pandas()
    batch = (
        context().data_sources.add_pandas(name=f"dw_{name}")
        .add_dataframe_asset(name=name)
        .add_batch_definition_whole_dataframe(name="whole")
        .get_batch(batch_parameters={"dataframe": pdf})
    )
    result = batch.validate(suite, result_format="SUMMARY")
    out = []
    for r in result.results:
        cfg = r.expectation_config
        out.append(GxOutcome(
            rule_id=cfg.meta["rule_id"], expectation=cfg.type, success=bool(r.success),
            unexpected_count=int(r.result.get("unexpected_count") or 0), element_count=int(r.result.get("element_count") or 0),
        ))
    return out


def _markers(rule: Rule) -> list[str]:
    marker = getattr(rule.check, "marker", None)
    return [marker] if isinstance(marker, str) else []
