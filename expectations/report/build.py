"""``dw quality report`` and the report asset: gather, render, write (only when the content changes)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from catalog.model import Catalog
from config.settings import Settings
from expectations.findings import record_findings
from expectations.report.data import gather
from expectations.report.render import TicketTally, write


def build_report(catalog: Catalog, settings: Settings, tickets: Sequence[TicketTally] | None = None, *, refresh: bool = True) -> Path:
    """Write ``reports/quality_report.html``. ``refresh`` first brings the findings up to date
    (a no-op write when nothing changed), so the report never shows stale findings."""
    today = settings.today()
    if refresh:
        for entry in catalog.entries:
            record_findings(catalog, entry.dataset.id, settings.lake_dir, today, home=settings.home)
    return write(gather(catalog, settings.lake_dir, today), settings.reports_dir, tickets)
