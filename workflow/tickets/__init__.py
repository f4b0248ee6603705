"""Problem-data tickets (问题数据工单, Art. 27-28): report, accept, extend, resolve; deadlines in
statutory working days; every transition audited in its own transaction."""
