"""Central processing (集中分析处理, Art. 19): the dbt project's Python side.

Builds the dbt project into a fresh DuckDB file and swaps it in atomically (readers never wait),
answers read-only SQL against the published file, and copies central tables to PostgreSQL.
A floor above ``catalog``, ``lakehouse`` and ``masking``'s outputs; never imports ``dw``,
``orchestration`` or ``service``.
"""
