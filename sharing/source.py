"""Where shared records are read from (Art. 16-17): the clean table for unconditional grants,
masking's release copy for restricted and not-shared ones. Nothing is masked here: a restricted
grant is answered from ``release/restricted/<dataset>`` exactly as masking published it.

Tables are kept in memory with an index on the lookup key and re-read when their Delta version
moves (checked at most every ``RECHECK_SECONDS``), so a lookup is a dictionary probe.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from catalog.model import CatalogEntry, FieldType, PersonalKind
from config.settings import Settings
from lakehouse import tables
from lakehouse.lineage import BATCH_ID, ROW_NUMBER
from masking.policy import Action, ReleaseClass, load_policy
from masking.release import release_path
from masking.transforms import pseudonym
from sharing.vocabulary import ReleaseKind
from standards.checksums import resident_id_valid, uscc_valid
from workflow.errors import WorkflowError, invalid, not_found

RECHECK_SECONDS = 2.0
LINEAGE_KEY = "lineage_key"  # every record names its row by lineage key, never by a personal value
_PLAIN_KEY = re.compile(r"^[0-9A-Za-z_-]{1,64}$")


@dataclass(frozen=True)
class Loaded:
    version: int | None
    frame: pl.DataFrame  # data columns plus LINEAGE_KEY; other underscore columns dropped
    index: dict[str, list[int]]  # lookup value -> row positions
    checked_at: float


def table_of(settings: Settings, entry: CatalogEntry, release: ReleaseKind) -> Path:
    if release is ReleaseKind.clean:
        return tables.table_path(settings.lake_dir, "clean", entry.dataset.id)
    return release_path(settings, entry, ReleaseClass(release.value))


class ReleaseReader:
    def __init__(self, settings: Settings):
        self.settings = settings
        self._cache: dict[tuple[str, str], Loaded] = {}
        self._lock = threading.Lock()

    def load(self, entry: CatalogEntry, release: ReleaseKind) -> Loaded:
        cache_key = (entry.dataset.id, release.value)
        with self._lock:
            loaded = self._cache.get(cache_key)
            now = time.monotonic()
            if loaded is not None and now - loaded.checked_at < RECHECK_SECONDS:
                return loaded
            path = table_of(self.settings, entry, release)
            version = tables.version(path)
            if version is None:
                raise _not_released(release)
            if loaded is None or loaded.version != version:
                loaded = _read(path, version, entry)
            loaded = Loaded(loaded.version, loaded.frame, loaded.index, now)
            self._cache[cache_key] = loaded
            return loaded

    def lookup(self, entry: CatalogEntry, release: ReleaseKind, key: str) -> pl.DataFrame:
        loaded = self.load(entry, release)
        value = lookup_value(self.settings, entry, release, key)
        return loaded.frame[loaded.index.get(value, [])]


def key_field(entry: CatalogEntry):  # type: ignore[no-untyped-def]
    keys = entry.dataset.key_fields
    if not keys:
        raise invalid("该数据集没有可查询的主键", "this dataset has no key to look records up by", "no_lookup_key")
    return keys[0]


def checked_key(entry: CatalogEntry, key: str) -> str:
    """The key as the clean table holds it, or a refusal that never repeats what was sent."""
    field = key_field(entry)
    value = (key or "").strip().upper() if field.type in (FieldType.resident_id, FieldType.uscc) else (key or "").strip()
    if field.type is FieldType.resident_id:
        ok = resident_id_valid(value)
    elif field.type is FieldType.uscc:
        ok = uscc_valid(value)
    else:
        ok = bool(_PLAIN_KEY.match(value))
    if not ok:
        raise invalid(f"[查询键] 不是有效的{field.label}", f"[key] not a valid {field.name} (checksum or format)", "invalid_key")
    return value


def lookup_value(settings: Settings, entry: CatalogEntry, release: ReleaseKind, key: str) -> str:
    """What the key looks like in this copy: itself, or the pseudonym masking gave it."""
    field = key_field(entry)
    value = checked_key(entry, key)
    if release is ReleaseKind.clean or field.personal is PersonalKind.none:
        return value
    rule = load_policy(ReleaseClass(release.value)).rule(field.personal)
    if rule.action is Action.pseudonym:
        return pseudonym(field.personal, value, settings.pseudonym_key())
    if rule.action is Action.keep:
        return value
    raise invalid("该脱敏副本中主键已被遮盖，不能按键查询", "the key is masked in this release: records cannot be looked up by it",
                  "key_masked")


def _read(path: Path, version: int, entry: CatalogEntry) -> Loaded:
    frame = tables.read(path, version=version)
    if BATCH_ID in frame.columns and ROW_NUMBER in frame.columns:
        frame = frame.with_columns(pl.format("{}:{}", pl.col(BATCH_ID), pl.col(ROW_NUMBER)).alias(LINEAGE_KEY))
    else:
        frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(LINEAGE_KEY))
    frame = frame.select([c for c in frame.columns if not c.startswith("_")])
    index: dict[str, list[int]] = {}
    if entry.dataset.key_fields and (name := entry.dataset.key_fields[0].name) in frame.columns:
        for position, value in enumerate(frame.get_column(name).cast(pl.String).to_list()):
            if value is not None:
                index.setdefault(value, []).append(position)
    return Loaded(version, frame, index, 0.0)


def _not_released(release: ReleaseKind) -> WorkflowError:
    return not_found(f"该数据集的{release.value}副本尚未生成（先运行 dw run）",
                     f"the {release.value} copy of this dataset is not built yet (run `dw run`)")
