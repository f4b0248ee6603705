"""Sharing (数据共享, Art. 15-20, 31, 33): applications with statutory deadlines, purpose-bound
grants, the interface share mode (key lookups and paging), the exchange share mode (packages
marked for their recipient, and tracing a leaked copy back to its grant), every read audited.

Built on the workflow layer: one store, one calendar, one unit registry, one audit log. Reads
the clean tables and masking's release copies; never masks anything itself. Never imports
``service``, ``dw`` or ``orchestration``.
"""
