"""Closing the problem-data loop (Art. 27: 发现 → 反馈 → 整改 → 共享).

- :mod:`workflow.loop.findings`: the quality findings table (``meta/quality_findings``), read
  by its contract columns;
- :mod:`workflow.loop.from_findings`: one ticket per failing rule × dataset × batch, never one
  per row, never a second one for a failure seen again;
- :mod:`workflow.loop.fixes`: tickets resolved as fixed since a cursor (what the re-ingestion
  sensor watches);
- :mod:`workflow.loop.verify`: after the re-run, verified closed if the rules pass for the
  ticket's rows, else reopened with the reason;
- :mod:`workflow.loop.tally`: open / overdue / closed tickets per provider for the quality report.
"""
