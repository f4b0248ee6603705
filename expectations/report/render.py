"""Render the report as one self-contained HTML file: style, script and chart inline, no request
leaves the machine (the bureau's network is isolated; GX Data Docs would pull CDNs)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from html import escape
from pathlib import Path
from typing import Protocol

import polars as pl

from catalog.model import UPDATE_CYCLE_ZH
from expectations.report.assets import CSS, JS
from expectations.report.data import ReportData
from expectations.rules import SEVERITY_ZH, Severity

REPORT_NAME = "quality_report.html"


class TicketTally(Protocol):
    """One provider's problem-data tickets (``workflow.tickets.queries.ProviderTally`` has this shape)."""

    provider: str
    open: int
    overdue: int
    resolved: int


def tickets_section(tally: Sequence[TicketTally] | None, providers: dict[str, str]) -> str:
    """各单位问题数据工单 tickets per provider — THE PLACE FOR THE LOOP HELPER'S TALLY.

    The caller passes ``workflow.tickets.queries.tally_by_provider(session, today)``; this floor
    does not import the workflow layer. ``None``: the section says the tally was not supplied.
    """
    head = "<h2>各单位问题数据工单<small>Problem-data tickets per provider (Art. 27)</small></h2>"
    if tally is None:
        return f"<section id='tickets'>{head}<p class='muted'>未提供工单统计 ticket tally not supplied to this report.</p></section>"
    rows = [[(f"{providers.get(t.provider, t.provider)} ({t.provider})", None), (t.open, None), (t.overdue, None), (t.resolved, None)] for t in tally]
    return f"<section id='tickets'>{head}{_table(['提供单位 provider', '未结 open', '逾期 overdue', '已结 resolved'], rows)}</section>"


def render(data: ReportData, tickets: Sequence[TicketTally] | None = None) -> str:
    body = "".join([
        _summary(data), _providers(data), _datasets(data), _failing_rules(data), _cross_source(data),
        _quarantine(data), _freshness(data), _trend(data), _gx(data), tickets_section(tickets, data.providers),
    ])
    return (
        "<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>"
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"
        f"<title>数据质量报告 Data quality report</title><style>{CSS}</style></head><body>"
        f"<header><h1>海曙区数据仓 数据质量报告 <small>Haishu data warehouse · quality report</small></h1>"
        f"<p>报告日期 report date {data.today} · 规则 {data.rule_count} 条 rules · 依据《海曙区公共数据管理暂行办法》第26、29条 (Art. 26, 29)</p></header>"
        f"<main>{body}</main><script>{JS}</script></body></html>"
    )


def write(data: ReportData, reports_dir: Path, tickets: Sequence[TicketTally] | None = None) -> Path:
    reports_dir.mkdir(parents=True, exist_ok=True)
    path = reports_dir / REPORT_NAME
    text = render(data, tickets)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        tmp = path.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    return path


Cell = tuple[object, object]  # (shown, sort key or None)


def _table(headers: list[str], rows: Iterable[Sequence[Cell]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = []
    for row in rows:
        cells = []
        for shown, key in row:
            num = isinstance(shown, int | float) or (key is not None and isinstance(key, int | float))
            attr = f" data-sort='{escape(str(key))}'" if key is not None else ""
            content = shown if isinstance(shown, _Html) else escape(str(shown))
            cells.append(f"<td{attr}{' class=num' if num else ''}>{content}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table class='dw'><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


class _Html(str):
    """Markup built here from escaped parts."""


def _pct(rate: float | None) -> Cell:
    if rate is None:
        return ("—", -1)
    width = round(rate * 80)
    return (_Html(f"<span class='bar' style='width:{width}px'></span>{rate:.2%}"), round(rate, 6))


def _sev(severity: str) -> Cell:
    zh = SEVERITY_ZH[Severity(severity)]
    return (_Html(f"<span class='sev-{escape(severity)}'>{zh} {escape(severity)}</span>"), {"critical": 0, "warning": 1, "info": 2}[severity])


def _summary(data: ReportData) -> str:
    rows = sum(r.rows for r in data.rates)
    passed = sum(r.passed for r in data.rates)
    stale = sum(1 for f in data.freshness if f.stale)
    critical = data.findings.filter((pl.col("severity") == "critical") & (pl.col("stage") == "verify")).height
    cards = [
        ("总体通过率 overall pass rate", f"{passed / rows:.2%}" if rows else "—"),
        ("检查行数 rows checked", f"{rows:,}"),
        ("未通过规则 failing rule findings", f"{data.findings.height:,}"),
        ("严重(核验) critical at verification", str(critical)),
        ("逾期数据集 stale datasets", str(stale)),
    ]
    inner = "".join(f"<div class='card'>{escape(k)}<b>{escape(v)}</b></div>" for k, v in cards)
    return f"<section id='summary'><h2>概览<small>Summary</small></h2><div class='cards'>{inner}</div></section>"


def _providers(data: ReportData) -> str:
    by: dict[str, list[int]] = {}
    for r in data.rates:
        agg = by.setdefault(r.provider, [0, 0, 0])
        agg[0] += r.rows
        agg[1] += r.passed
        agg[2] += r.quarantined
    rows = [[(f"{data.providers[p]} ({p})", None), (n, None), (q, None), _pct(ok / n if n else None)] for p, (n, ok, q) in sorted(by.items())]
    table = _table(["提供单位 provider", "行数 rows", "隔离 quarantined", "通过率 pass rate"], rows)
    return f"<section id='providers'><h2>各提供单位通过率<small>Pass rate per provider</small></h2>{table}</section>"


def _datasets(data: ReportData) -> str:
    rows = [[(f"{r.business_name} ({r.dataset})", None), (r.provider, None), (r.rows, None), (r.quarantined, None),
             (r.failing_verify, None), _pct(r.rate)] for r in data.rates]
    table = _table(["数据集 dataset", "提供单位 provider", "行数 rows", "隔离 quarantined", "核验未通过 failing verification", "通过率 pass rate"], rows)
    return f"<section id='datasets'><h2>各数据集通过率<small>Pass rate per dataset (latest delivery)</small></h2>{table}</section>"


def _sample_text(sample: str) -> str:
    try:
        rows = json.loads(sample)
    except json.JSONDecodeError:
        return ""
    return " | ".join(", ".join(f"{k}: {v}" for k, v in row.items() if v is not None) for row in rows)


def _finding_rows(frame: pl.DataFrame) -> list[list[Cell]]:
    return [
        [_sev(f["severity"]), (_Html(f"<code>{escape(f['rule_id'])}</code>"), f["rule_id"]), (f"{f['name_zh']} {f['name_en']}", None),
         (f["article"], None), (f["dataset"], None), (f["provider"], None), ("入库 ingest" if f["stage"] == "ingest" else "核验 verify", None),
         (f["failing_rows"], None), (f["checked_rows"], None), (_sample_text(f["sample"]), None)]
        for f in frame.iter_rows(named=True)
    ]


_FINDING_HEADERS = ["严重程度 severity", "规则 rule", "名称 name", "条款 article", "数据集 dataset", "责任单位 provider",
                    "阶段 stage", "未通过行 failing", "检查行 checked", "脱敏样例 masked sample"]


def _failing_rules(data: ReportData) -> str:
    own = data.findings.filter(~pl.col("article").str.contains("比对"))
    table = _table(_FINDING_HEADERS, _finding_rows(own)) if own.height else "<p class='ok'>无 none</p>"
    return f"<section id='rules'><h2>未通过的规则<small>Failing rules</small></h2>{table}</section>"


def _cross_source(data: ReportData) -> str:
    cross = data.findings.filter(pl.col("article").str.contains("比对"))
    table = _table(_FINDING_HEADERS, _finding_rows(cross)) if cross.height else "<p class='ok'>无 none</p>"
    return (f"<section id='cross-source'><h2>跨源比对不一致<small>Cross-source mismatches (比对, Art. 29); "
            f"responsibility lies with the non-authoritative provider</small></h2>{table}</section>")


def _quarantine(data: ReportData) -> str:
    rows = [[(r["dataset"], None), (r["provider"], None), (r["reason"], None), (r["rows"], None)] for r in data.quarantine_reasons.iter_rows(named=True)]
    table = _table(["数据集 dataset", "提供单位 provider", "原因 reason", "行数 rows"], rows) if rows else "<p class='ok'>无 none</p>"
    return f"<section id='quarantine'><h2>隔离原因<small>Quarantine reasons</small></h2>{table}</section>"


def _freshness(data: ReportData) -> str:
    rows = []
    for f in data.freshness:
        state = _Html("<span class='bad'>逾期 stale</span>") if f.stale else _Html("<span class='ok'>按时 fresh</span>")
        rows.append([(f.dataset, None), (f"{f.provider_name} ({f.provider})", None), (f"{UPDATE_CYCLE_ZH[f.cycle]} {f.cycle.value}", None),
                     (str(f.delivered_on or "从未 never"), None), (f.days_late, None), (state, int(f.stale))])
    table = _table(["数据集 dataset", "提供单位 provider", "更新周期 cycle", "最近交付 last delivery", "逾期天数 days late", "状态 state"], rows)
    return f"<section id='freshness'><h2>更新及时性<small>Freshness against the update cycle (Art. 26)</small></h2>{table}</section>"


def _gx(data: ReportData) -> str:
    """Each dataset's latest Great Expectations validation, linked to GX's own result (beside the report)."""
    rows = []
    for ds, g in sorted(data.gx.items()):
        disagree = escape(", ".join(g.disagreeing))
        state = _Html("<span class='ok'>一致 agrees</span>") if g.agrees else _Html(f"<span class='bad'>不一致 disagrees: {disagree}</span>")
        link = _Html(f"<a href='{escape(g.file)}'>{escape(g.file)}</a>")
        rows.append([(ds, None), (g.mode, None), (g.evaluated, None), (g.unsuccessful, None), (state, int(g.agrees)),
                     (g.evaluated_at, None), (link, g.file)])
    table = (_table(["数据集 dataset", "方式 mode", "期望 expectations", "未通过 unsuccessful", "与 polars 比较 vs polars", "验证时间 validated",
                     "GX 验证结果 GX validation result"], rows)
             if rows else "<p class='muted'>尚无 GX 验证 no GX validation recorded (DW_QUALITY_GX=off?)</p>")
    return (f"<section id='gx'><h2>Great Expectations 验证结果<small>GX validation of every rule, per dataset "
            f"(samples of values removed)</small></h2>{table}</section>")


_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22")


def _trend(data: ReportData) -> str:
    """Inline SVG: pass rate of each dataset over its last deliveries."""
    trend = data.trend
    if not trend.height:
        return "<section id='trend'><h2>趋势<small>Trend</small></h2><p class='muted'>暂无数据 no deliveries yet</p></section>"
    w, h, pad = 760, 260, 40
    times = sorted(set(trend["loaded_at"].to_list()))
    index = {t: i for i, t in enumerate(times)}
    lo = min(0.9, float(trend.select(pl.col("rate").min()).item() or 0.0))
    def x(t: object) -> float:
        return pad + (w - 2 * pad) * (index[t] / max(1, len(times) - 1))
    def y(rate: float) -> float:
        return h - pad - (h - 2 * pad) * ((rate - lo) / max(1e-9, 1 - lo))
    parts = [f"<line x1='{pad}' y1='{h - pad}' x2='{w - pad}' y2='{h - pad}' stroke='#999'/>",
             f"<line x1='{pad}' y1='{pad}' x2='{pad}' y2='{h - pad}' stroke='#999'/>",
             f"<text x='4' y='{pad + 4}' font-size='11'>100%</text><text x='4' y='{h - pad}' font-size='11'>{lo:.0%}</text>"]
    legend = []
    for i, ((ds,), rows) in enumerate(trend.group_by("dataset", maintain_order=True)):
        colour = _COLOURS[i % len(_COLOURS)]
        points = " ".join(f"{x(t):.1f},{y(r):.1f}" for t, r in zip(rows["loaded_at"], rows["rate"]))
        parts.append(f"<polyline fill='none' stroke='{colour}' stroke-width='2' points='{points}'/>")
        parts += [f"<circle cx='{x(t):.1f}' cy='{y(r):.1f}' r='3' fill='{colour}'><title>{escape(str(ds))} {r:.2%}</title></circle>"
                  for t, r in zip(rows["loaded_at"], rows["rate"])]
        legend.append(f"<span style='color:{colour}'>■</span> {escape(str(ds))}")
    svg = f"<svg xmlns='http://www.w3.org/2000/svg' width='{w}' height='{h}' role='img' aria-label='pass-rate trend'>{''.join(parts)}</svg>"
    return (f"<section id='trend'><h2>通过率趋势<small>Pass-rate trend over the last deliveries</small></h2>{svg}"
            f"<p>{' &nbsp; '.join(legend)}</p></section>")
