"""The workflow layer (工作流): one store, one working-day calendar, one registry of units and
their credentials, one tamper-evident audit log; problem-data tickets (Art. 27-28) built on them.

Sits above ``ingest``/``expectations``/``masking`` and below ``orchestration``, ``service`` and
``dw``, which it never imports.
"""
