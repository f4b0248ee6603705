"""``dw quality report`` and the report asset: gather, render, write (only when the content changes)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from catalog.model import Catalog
from config.settings import Settings
from expectations.findings import record_findings
from expectations.gx_record import read_records
from expectations.report.data import gather
from expectations.report.render import TicketTally, write


def build_report(catalog: Catalog, settings: Settings, tickets: Sequence[TicketTally] | None = None, *, refresh: bool = True) -> Path:
    """Write ``reports/quality_report.html``. ``refresh`` first brings the findings up to date
    (a no-op write when nothing changed), so the report never shows stale findings."""
    today = settings.today()
    if refresh:
        for entry in catalog.entries:
            record_findings(catalog, entry.dataset.id, settings.lake_dir, today, home=settings.home)
    data = replace(gather(catalog, settings.lake_dir, today), gx=read_records(settings.reports_dir))
    return write(data, settings.reports_dir, tickets)
