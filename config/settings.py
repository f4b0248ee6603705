"""Configuration, resolved in one place.

Every path and knob the warehouse uses comes from here, read from environment variables with
embedded defaults, so a fresh clone runs with no configuration at all.

| variable | default | meaning |
|---|---|---|
| ``DW_HOME`` | ``./var`` | root of everything the warehouse writes |
| ``DW_CATALOG`` | the catalog shipped in ``catalog/providers`` | folder of provider YAML files |
| ``DW_LANDING`` | ``$DW_HOME/landing`` | where provider files arrive, one folder per provider code |
| ``DW_LAKE`` | ``$DW_HOME/lake`` | Delta tables (local folder; an object-store URI later) |
| ``DW_RECOLLECTION_POLICY`` | ``flag`` | ``flag`` or ``refuse`` a file that re-collects another provider's item |
| ``DW_PSEUDONYM_KEY`` | a key generated once into ``$DW_HOME/secrets/pseudonym.key`` | HMAC key for pseudonyms |
| ``DW_K_ANONYMITY`` | ``5`` | k for open releases |
| ``DW_TODAY`` | the real date (Asia/Shanghai) | the warehouse's clock: freshness, deadlines; set it for tests and demos |
| ``DW_DATABASE_URL`` | ``sqlite:///$DW_HOME/workflow.db`` | the workflow store (tickets, sharing, units, audit); PostgreSQL in production |
| ``DW_CALENDAR`` | ``config/calendar`` | folder of official holiday schedules (one YAML per year) added by the bureau |
| ``DW_UNITS`` | ``workflow/units.yaml`` | the bureau and the consuming units (providers come from the catalog) |
| ``DW_URGENT_WORKING_DAYS`` | ``2`` | the bureau's standing time limit for urgent problem data, in working days (< 5) |
| ``DW_QUALITY_GX`` | ``results`` | GX in the checks: ``results`` (each rule's result column), ``full``/``1`` (the table), ``off``/``0`` |
| ``DW_AUDIT_KEY`` | a key generated once into ``$DW_HOME/secrets/audit.key`` | HMAC key of the audit chain |
| ``DW_SHARE_RATE_PER_MINUTE`` | ``600`` | sharing: interface calls one grant may make per minute (then 429) |
| ``DW_SHARE_LOOKUP_KEYS_PER_HOUR`` | ``2000`` | sharing: distinct keys one lookup grant may ask for in an hour before it counts as bulk extraction |
| ``DW_SHARE_PAGE_MAX`` | ``500`` | sharing: the largest page of records one call may ask for |
| ``DW_WATERMARK_KEY`` | a key generated once into ``$DW_HOME/secrets/watermark.key`` | sharing: HMAC key of the per-grant marks in exchange packages |
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from zoneinfo import ZoneInfo

BUREAU_TZ = ZoneInfo("Asia/Shanghai")
PACKAGED_CATALOG = Path(__file__).resolve().parent.parent / "catalog" / "providers"
PACKAGED_CALENDAR = Path(__file__).resolve().parent / "calendar"
PACKAGED_UNITS = Path(__file__).resolve().parent.parent / "workflow" / "units.yaml"


class GxMode(str, Enum):
    off = "off"  # the checks run no GX
    results = "results"  # GX validates each rule's result column; the rows come from the polars predicate
    full = "full"  # GX evaluates its compiled expectations on the table itself and must agree with polars


class RecollectionPolicy(str, Enum):
    flag = "flag"  # load the authoritative items, report the re-collected columns
    refuse = "refuse"  # quarantine the whole file


@dataclass(frozen=True)
class Settings:
    home: Path
    catalog_dir: Path
    landing_dir: Path
    lake_dir: Path
    recollection_policy: RecollectionPolicy
    k_anonymity: int
    database_url: str
    fixed_today: date | None = None  # DW_TODAY; None: the real date
    calendar_dir: Path = PACKAGED_CALENDAR
    units_file: Path = PACKAGED_UNITS
    urgent_working_days: int = 2
    quality_gx: GxMode = GxMode.results  # DW_QUALITY_GX: how the quality checks run Great Expectations
    # sharing (issue 10): interface limits per grant
    share_rate_per_minute: int = 600
    share_lookup_keys_per_hour: int = 2000
    share_page_max: int = 500

    def today(self) -> date:
        """The warehouse's date, in the bureau's time zone unless DW_TODAY fixes it."""
        return self.fixed_today or _bureau_date()

    @property
    def reports_dir(self) -> Path:
        return self.home / "reports"

    @property
    def dagster_home(self) -> Path:
        """Dagster's run and event storage, shared by `dw run` and `dagster dev` (DAGSTER_HOME)."""
        return self.home / "dagster"

    @property
    def secrets_dir(self) -> Path:
        return self.home / "secrets"

    def pseudonym_key(self) -> bytes:
        """The HMAC key; generated once and kept, so pseudonyms stay stable across runs."""
        if env := os.environ.get("DW_PSEUDONYM_KEY"):
            return env.encode("utf-8")
        path = self.secrets_dir / "pseudonym.key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(secrets.token_hex(32))
            tmp.chmod(0o600)
            os.replace(tmp, path)
        return path.read_text().strip().encode("utf-8")

    def audit_key(self) -> bytes:
        """The audit chain's HMAC key: kept apart from the pseudonym key and from the database."""
        if env := os.environ.get("DW_AUDIT_KEY"):
            return env.encode("utf-8")
        return _kept_secret(self.secrets_dir / "audit.key")

    def watermark_key(self) -> bytes:
        """The key that marks each exchange package for its grant (sharing); never in the database."""
        if env := os.environ.get("DW_WATERMARK_KEY"):
            return env.encode("utf-8")
        return _kept_secret(self.secrets_dir / "watermark.key")


def warehouse_today() -> date:
    """The warehouse's date for code that holds no :class:`Settings` (the scalar checks of
    ``standards``): DW_TODAY when set, else the real date in the bureau's time zone."""
    return _date_setting("DW_TODAY") or _bureau_date()


def _bureau_date() -> date:
    return datetime.now(BUREAU_TZ).date()


def _kept_secret(path: Path) -> bytes:
    """A random key generated once into ``path`` (mode 600) and read back ever after."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(secrets.token_hex(32))
        tmp.chmod(0o600)
        try:
            os.link(tmp, path)  # first writer wins; a concurrent second one keeps the first key
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_text().strip().encode("utf-8")


def load_settings(home: Path | None = None) -> Settings:
    root = Path(home or os.environ.get("DW_HOME", "var")).resolve()
    return Settings(
        home=root,
        catalog_dir=Path(os.environ.get("DW_CATALOG", PACKAGED_CATALOG)),
        landing_dir=Path(os.environ.get("DW_LANDING", root / "landing")),
        lake_dir=Path(os.environ.get("DW_LAKE", root / "lake")),
        recollection_policy=RecollectionPolicy(os.environ.get("DW_RECOLLECTION_POLICY", "flag")),
        k_anonymity=int(os.environ.get("DW_K_ANONYMITY", "5")),
        database_url=os.environ.get("DW_DATABASE_URL", f"sqlite:///{root / 'workflow.db'}"),
        fixed_today=_date_setting("DW_TODAY"),
        calendar_dir=Path(os.environ.get("DW_CALENDAR", PACKAGED_CALENDAR)),
        units_file=Path(os.environ.get("DW_UNITS", PACKAGED_UNITS)),
        urgent_working_days=_urgent_days(os.environ.get("DW_URGENT_WORKING_DAYS", "2")),
        quality_gx=_gx_mode(os.environ.get("DW_QUALITY_GX", "results")),
        share_rate_per_minute=_positive("DW_SHARE_RATE_PER_MINUTE", "600"),
        share_lookup_keys_per_hour=_positive("DW_SHARE_LOOKUP_KEYS_PER_HOUR", "2000"),
        share_page_max=_positive("DW_SHARE_PAGE_MAX", "500"),
    )


def _gx_mode(value: str) -> GxMode:
    word = value.strip().lower()
    word = {"0": "off", "false": "off", "no": "off", "1": "full", "true": "full", "yes": "full", "on": "full"}.get(word, word)
    if word not in GxMode.__members__:
        raise ValueError(f"DW_QUALITY_GX={value!r}: 须为 results、full 或 off expected results, full or off")
    return GxMode(word)


def _positive(name: str, default: str) -> int:
    value = os.environ.get(name, default).strip()
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"{name}={value!r}: 须为正整数 expected a positive whole number")
    return int(value)


def _date_setting(name: str) -> date | None:
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name}={value!r}: 日期须为 YYYY-MM-DD expected a date like 2026-12-03") from None


def _urgent_days(value: str) -> int:
    if not value.strip().isdigit() or not 1 <= int(value) < 5:
        raise ValueError(
            f"DW_URGENT_WORKING_DAYS={value!r}: 紧急时限须为1至4个工作日 expected 1-4 working days (shorter than the normal 5)"
        )
    return int(value)
