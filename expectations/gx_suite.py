"""Rules compiled to a Great Expectations suite, and the suite validated on a clean table.

GX 1.x validates pandas frames (DESIGN.md). Two ways, one rule definition:

- ``validate`` (full): the clean table, with the columns cross-source rules join in, is handed
  over once per dataset and GX evaluates the expectations each rule compiles to. Slow at scale
  (the custom checksum metrics cross pandas → polars → pandas): ``dw quality gx`` and
  ``DW_QUALITY_GX=full``.
- ``validate_results`` (the checks' default): polars has already evaluated every rule once
  (``expectations.verify``); GX validates each rule's result column (no row may be True) with
  the rule's compiled expectations in the expectation's meta, so the GX validation result
  records and documents every rule on every load at the cost of counting booleans.

Both run ``result_format=BASIC`` and are read back per rule. Failing rows are never taken from
GX's capped lists; the polars predicate finds them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import great_expectations as gx
import polars as pl
from great_expectations.data_context.types.base import ProgressBarsConfig
from great_expectations.expectations.metadata_types import FailureSeverity
from great_expectations.validator.v1_validator import Validator

from expectations.rules import Rule, Severity

SEVERITY = {s.value: FailureSeverity(s.value) for s in Severity}
# BASIC: the unexpected count and a short sample. SUMMARY adds value counts and index lists, and
# at a million rows it cost 27-37 s against 4 s for BASIC with the same counts (bench_quality.py).
RESULT_FORMAT: Final = "BASIC"


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
    return outcomes(validate_full(name, rules, frame, others))


def validate_full(name: str, rules: Sequence[Rule], frame: pl.DataFrame, others: Mapping[str, pl.DataFrame] | None = None) -> Any:
    """The GX validation result of the full suite on ``frame`` (GX evaluates every expectation)."""
    columns = sorted({c for r in rules for c in r.columns} | {c for r in rules for c in _markers(r)})
    pdf = prepared(rules, frame, others or {}).select(columns).to_pandas()
    return _run(name, build_suite(name, rules), pdf)


def results_suite(name: str, rules: Sequence[Rule]) -> gx.ExpectationSuite:
    """One expectation per rule on its result column: no row fails. The meta carries the rule and
    the expectations it compiles to, so the validation result says what each rule checks."""
    context()
    suite = gx.ExpectationSuite(name=f"{name}.results")
    for rule in rules:
        compiled = [{"type": e.expectation_type, "kwargs": json.loads(json.dumps(e.configuration.kwargs, default=str))}
                    for e in expectations_of(rule)]
        suite.add_expectation(gx.expectations.ExpectColumnValuesToBeInSet(
            column=rule.id, value_set=[False], severity=SEVERITY[rule.severity.value], description=f"{rule.name_zh} {rule.name_en}",
            meta={"rule_id": rule.id, "article": rule.article, "name_zh": rule.name_zh, "name_en": rule.name_en,
                  "columns": list(rule.columns), "compiled": compiled},
        ))
    return suite


def validate_results(name: str, rules: Sequence[Rule], masks: pl.DataFrame) -> Any:
    """The GX validation result of ``results_suite`` on the rule masks (one boolean column per rule id)."""
    return _run(name, results_suite(name, rules), masks.select(r.id for r in rules).to_pandas())


def outcomes(result: Any) -> list[GxOutcome]:
    out = []
    for r in result.results:
        cfg = r.expectation_config
        out.append(GxOutcome(
            rule_id=cfg.meta["rule_id"], expectation=cfg.type, success=bool(r.success),
            unexpected_count=int(r.result.get("unexpected_count") or 0), element_count=int(r.result.get("element_count") or 0),
        ))
    return out


def _run(name: str, suite: gx.ExpectationSuite, pdf: Any) -> Any:
    """Validate through the validator of the batch definition: ``Batch.validate`` would load the
    batch a second time, and each load fingerprints the whole frame (1.3 s at a million rows)."""
    definition = (
        context().data_sources.add_pandas(name=f"dw_{name}")
        .add_dataframe_asset(name=name)
        .add_batch_definition_whole_dataframe(name="whole")
    )
    validator = Validator(batch_definition=definition, batch_parameters={"dataframe": pdf}, result_format=RESULT_FORMAT)
    return validator.validate_expectation_suite(suite)


def _markers(rule: Rule) -> list[str]:
    marker = getattr(rule.check, "marker", None)
    return [marker] if isinstance(marker, str) else []
