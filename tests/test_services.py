"""The shared service fixtures work: a scratch PostgreSQL database and an offline browser page."""

from __future__ import annotations

from sqlalchemy import create_engine, text


def test_scratch_postgres_is_empty_and_writable(postgres_url: str) -> None:
    engine = create_engine(postgres_url)
    with engine.begin() as conn:
        assert conn.execute(text("select count(*) from pg_tables where schemaname = 'public'")).scalar() == 0
        conn.execute(text("create table t (x int)"))
        conn.execute(text("insert into t values (1)"))
    engine.dispose()


def test_offline_page_blocks_and_records_external_requests(offline_page) -> None:
    offline_page.page.set_content('<h1>质量报告 quality report</h1><img src="https://cdn.example.com/x.png">')
    assert offline_page.page.inner_text("h1").startswith("质量报告")
    assert offline_page.external == ["https://cdn.example.com/x.png"]
