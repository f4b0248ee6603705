"""Everything a workflow command or request needs, opened once: the store (migrated to head),
the audit log with its key, the catalog, the working-day calendar, and the unit registry
brought in line with the catalog and the units file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from catalog.model import Catalog
from catalog.validate import load_catalog
from config.settings import Settings
from workflow.audit import AuditLog
from workflow.calendar import WorkingCalendar
from workflow.store import Store
from workflow.units import configured_units, sync_units


@dataclass
class Workflow:
    settings: Settings
    store: Store
    audit: AuditLog
    catalog: Catalog
    calendar: WorkingCalendar

    def today(self) -> date:
        return self.settings.today()

    def close(self) -> None:
        self.store.dispose()


def open_workflow(settings: Settings) -> Workflow:
    catalog = load_catalog(settings.catalog_dir)
    calendar = WorkingCalendar.load(settings.calendar_dir)
    units = configured_units(settings.units_file, catalog)
    store = Store(settings.database_url)
    audit = AuditLog(settings.audit_key())
    sync_units(store, audit, units)
    return Workflow(settings, store, audit, catalog, calendar)
