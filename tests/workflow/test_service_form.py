"""The officers' Chinese form in headless Chromium (offline: any request off the machine fails
the test), the unit x ticket matrix on the pages, and the offline API documentation."""

from __future__ import annotations

import httpx
import pytest
from live_service import LiveService

BATCH = "household_registration-3f2a9c0d1e2b4a5c"
UNITS = ["bureau", "psb", "water", "service_center"]


def _login(page, live: LiveService, unit: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live.url}/login")
    page.fill("#token", live.token(unit, f"{unit}-officer"))
    page.click("form[action='/login'] button")
    page.wait_for_url(f"{live.url}/tickets")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_report_on_the_form_then_the_provider_resolves_it(live: LiveService, offline_page) -> None:  # type: ignore[no-untyped-def]
    page = offline_page.page
    _login(page, live, "service_center")
    assert "本单位反馈的工单" in page.inner_text("main")
    page.click("text=反馈问题数据")
    page.select_option("#dataset", "household_registration")
    page.check("input[name=kind][value=error]")
    page.select_option("#fields", ["birth_date", "registered_on"])
    page.fill("#rows", f"{BATCH}:17\n{BATCH}:18")
    page.fill("#description", "出生日期晚于户籍登记日期")
    offline_page.screenshot("ticket_form_filled")
    page.click("form[action='/tickets/new'] button")
    page.wait_for_url("**/tickets/1?done=1")
    assert page.inner_text("#state") == "待受理"
    assert page.inner_text("#description") == "出生日期晚于户籍登记日期"
    assert "2026-10-10" in page.inner_text("#due")
    offline_page.screenshot("ticket_form_reported")

    # Personal data in the description: refused in Chinese and English, the text not shown again.
    page.goto(f"{live.url}/tickets/new")
    page.select_option("#dataset", "water_accounts")
    page.check("input[name=kind][value=omission]")
    page.fill("#description", "户主电话 13857461234 的记录缺失")
    page.click("form[action='/tickets/new'] button")
    alert = page.inner_text("[role=alert]")
    assert "个人信息" in alert and "personal data" in alert
    assert page.input_value("#description") == "" and "13857461234" not in page.content()
    assert page.input_value("#dataset") == "water_accounts"
    offline_page.screenshot("ticket_form_refused")

    # Another unit's officer cannot open it.
    page.click("header form button")
    _login(page, live, "water")
    page.goto(f"{live.url}/tickets/1")
    assert "无此工单或无权查看" in page.inner_text("[role=alert]")

    # The provider accepts and resolves it on its page.
    page.click("header form button")
    _login(page, live, "psb")
    page.goto(f"{live.url}/tickets/1")
    page.click("#accept")
    page.wait_for_url("**/tickets/1?done=1")
    assert page.inner_text("#state") == "处理中"
    page.check("input[name=outcome][value=fixed]")
    page.fill("#note", "已修正出生日期并重新归集")
    page.click("form[action='/tickets/1/resolve'] button")
    page.wait_for_url("**/tickets/1?done=1")
    assert page.inner_text("#state") == "已办结" and "完成整改" in page.inner_text("main")
    assert [row.split("\t")[1] for row in page.inner_text("#history").splitlines()[1:]] == [
        "ticket.reported", "ticket.accepted", "ticket.resolved"]
    offline_page.screenshot("ticket_form_resolved")
    assert offline_page.external == []


def test_the_pages_follow_the_same_unit_by_ticket_matrix(live: LiveService) -> None:
    browsers = {}
    for unit in UNITS:
        c = httpx.Client(base_url=live.url, timeout=30)
        assert c.post("/login", data={"token": live.token(unit)}).status_code == 303
        browsers[unit] = c
    api = {u: httpx.Client(base_url=live.url, headers={"Authorization": f"Bearer {live.token(u)}"}) for u in UNITS}
    made = [
        api["service_center"].post("/api/v1/tickets", json={"dataset": "household_registration", "kind": "error",
                                                           "description": "出生日期有误"}).json(),
        api["psb"].post("/api/v1/tickets", json={"dataset": "water_accounts", "kind": "omission", "description": "用水户缺失"}).json(),
    ]
    for ticket in made:
        allowed = {"bureau", ticket["reporter"], ticket["provider"]}
        for unit, c in browsers.items():
            page = c.get(f"/tickets/{ticket['id']}")
            assert page.status_code == (200 if unit in allowed else 404), (unit, ticket["id"])
            assert (ticket["description"] in page.text) == (unit in allowed)
            if unit != ticket["provider"]:
                refused = c.post(f"/tickets/{ticket['id']}/accept", data={"version": "1"})
                assert refused.status_code == (403 if unit in allowed else 404)
        listing = {u: c.get("/tickets").text for u, c in browsers.items()}
        for unit, text in listing.items():
            assert (f'href="/tickets/{ticket["id"]}"' in text) == (unit in allowed)
    assert httpx.get(f"{live.url}/tickets", follow_redirects=False).headers["location"] == "/login"


def test_a_cross_site_post_with_the_cookie_is_refused(live: LiveService) -> None:
    c = httpx.Client(base_url=live.url)
    c.post("/login", data={"token": live.token("service_center")})
    response = c.post("/tickets/new", data={"dataset": "water_accounts", "kind": "omission", "description": "x"},
                      headers={"Origin": "http://evil.example"})
    assert response.status_code == 403
    assert httpx.get(f"{live.url}/api/v1/tickets", headers={"Authorization": f"Bearer {live.token('bureau')}"}).json() == []


def test_logging_out_ends_the_session(live: LiveService) -> None:
    c = httpx.Client(base_url=live.url)
    c.post("/login", data={"token": live.token("psb")})
    cookie = c.cookies.get("dw_session")
    assert c.get("/tickets").status_code == 200
    c.post("/logout")
    stale = httpx.get(f"{live.url}/tickets", cookies={"dw_session": cookie or ""}, follow_redirects=False)
    assert stale.status_code == 303 and stale.headers["location"] == "/login"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_api_documentation_works_offline(live: LiveService, offline_page) -> None:  # type: ignore[no-untyped-def]
    page = offline_page.page
    page.goto(f"{live.url}/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=20_000)
    assert "问题数据" in page.inner_text(".swagger-ui .info .title")
    page.wait_for_selector("[data-path=\"/api/v1/tickets/{ticket_id}/resolve\"]")
    offline_page.screenshot("api_docs_offline")
    assert offline_page.external == []


def test_what_a_unit_typed_is_shown_escaped(live: LiveService) -> None:
    c = httpx.Client(base_url=live.url)
    c.post("/login", data={"token": live.token("service_center")})
    c.post("/tickets/new", data={"dataset": "water_accounts", "kind": "omission", "description": "<script>alert(1)</script>"})
    page = c.get("/tickets/1").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
