"""Deterministic demo district (演示数据): provider files for the eight catalogued sources.

``demo.generate.generate_district`` writes one file per catalog dataset, in each provider's
own format and encoding, with faults injected at documented rates (``demo.faults``) and a
manifest of exact expected counts, so that ingestion, quality checks and masking can be
exercised end to end and their results checked against known truth.
"""
