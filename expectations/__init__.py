"""Quality rules (Art. 29, 30): one registry, compiled to the door, to polars and to Great Expectations."""
