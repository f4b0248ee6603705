"""The warehouse's configuration: the ground floor every package may import (see settings)."""

from config.settings import PACKAGED_CATALOG, RecollectionPolicy, Settings, load_settings

__all__ = ["PACKAGED_CATALOG", "RecollectionPolicy", "Settings", "load_settings"]
