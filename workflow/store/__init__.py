"""The workflow store (工作流数据库): one relational database for tickets, units, credentials and
the audit log (and, later, sharing). SQLite under DW_HOME by default, PostgreSQL in production;
the schema is Alembic's, shipped inside the package and brought to head on first use."""

from workflow.store.engine import Store

__all__ = ["Store"]
