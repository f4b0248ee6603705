"""The sharing API over real HTTP on loopback, on both databases: the application flow, lookups
and paging answered from the right release class with only the granted items, rate limits,
bulk-extraction refusal, hostile inputs refused with a clear error and logged."""

from __future__ import annotations

import dataclasses
import json

import httpx
import pytest
from live_service import LiveService
from share_helpers import BUREAU, CENTER, DETAIL, ENT, HH, PURPOSE, granted
from share_lake import Lake
from sqlalchemy import select

from workflow.store.tables import AuditEntry

LAW = "《中华人民共和国居民身份证法》第十九条"


def client(live: LiveService, unit: str, token: str | None = None) -> httpx.Client:
    return httpx.Client(base_url=live.url, headers={"Authorization": f"Bearer {token or live.token(unit)}"}, timeout=30)


def audit(live: LiveService, action: str) -> list[AuditEntry]:
    with live.wf.store.read() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.seq)))


def lookup(c: httpx.Client, grant: int, key: str, dataset: str = HH, purpose: str = PURPOSE, **extra: object) -> httpx.Response:
    return c.post(f"/api/v1/share/{dataset}/lookup", json={"grant": grant, "purpose": purpose, "key": key, **extra})


def test_apply_review_consent_then_look_up_only_the_granted_items_masked(share_live: LiveService, lake: Lake) -> None:
    center, bureau, psb = client(share_live, "service_center"), client(share_live, "bureau"), client(share_live, "psb")
    body = {"dataset": HH, "purpose": PURPOSE, "items": ["name", "gender", "street"], **DETAIL}
    application = center.post("/api/v1/share/applications", json=body).json()
    assert (application["state"], application["release_class"]) == ("applied", "restricted")
    aid = application["id"]
    assert bureau.post(f"/api/v1/share/applications/{aid}/review", json={"approve": True}).json()["state"] == "consent_requested"
    refused = psb.post(f"/api/v1/share/applications/{aid}/refuse", json={"basis_kind": "law", "basis": "不宜共享"})
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "missing_legal_basis"
    assert psb.post(f"/api/v1/share/applications/{aid}/consent").json()["state"] == "granted"
    grant = center.get("/api/v1/share/grants").json()[0]
    assert (grant["state"], grant["items"], grant["release_class"]) == ("live", ["resident_id", "name", "gender", "street"], "restricted")

    key = lake.keys[HH][3]
    answer = lookup(center, grant["id"], key)
    assert answer.status_code == 200, answer.text
    (record,) = answer.json()["records"]
    assert set(record) == {"resident_id", "name", "gender", "street", "lineage_key"}
    assert record["resident_id"].startswith("PS") and record["name"].endswith("*")  # the restricted release, as masking made it
    assert record["lineage_key"].endswith(":4")
    only_name = lookup(center, grant["id"], key, fields=["name"]).json()["records"][0]
    assert set(only_name) == {"name", "lineage_key"}
    denied = lookup(center, grant["id"], key, fields=["birth_date"])
    assert denied.status_code == 403 and "not among the granted items" in denied.json()["error"]["en"]
    assert lookup(center, grant["id"], lake.keys[HH][3][:-1] + "0" if not lake.keys[HH][3].endswith("0") else key[:-1] + "1").status_code == 400

    reads = audit(share_live, "share.lookup")
    assert [(e.unit, e.grant_ref, e.purpose, e.row_count) for e in reads] == [("service_center", str(grant["id"]), PURPOSE, 1)] * 2
    with share_live.wf.store.read() as s:
        every = [json.dumps([e.detail, e.purpose, e.subject]) for e in s.scalars(select(AuditEntry))]
    assert not any(key in text for text in every)  # the key asked for never enters the log


def test_paging_a_granted_dataset_and_huge_pages_refused(share_live: LiveService) -> None:
    grant = granted(share_live.wf, ENT, CENTER, access="paging", items=["enterprise_name", "legal_representative"])
    center = client(share_live, "service_center")
    params = {"grant": grant, "purpose": PURPOSE, "page": 2, "page_size": 25}
    page = center.get(f"/api/v1/share/{ENT}/records", params=params).json()
    assert (page["total"], page["page"], len(page["records"]), page["release_class"]) == (60, 2, 25, "clean")
    assert "*" not in page["records"][0]["legal_representative"]  # unconditional: the clean table as it is
    assert page["records"][0]["lineage_key"].endswith(":26")
    huge = center.get(f"/api/v1/share/{ENT}/records", params={**params, "page_size": 10**9})
    assert huge.status_code == 400 and huge.json()["error"]["code"] == "page_too_large"
    assert [e.row_count for e in audit(share_live, "share.page")] == [25]
    assert json.loads(audit(share_live, "share.refused")[-1].detail)["code"] == "page_too_large"


def test_rate_limit_per_grant(share_live: LiveService, lake: Lake) -> None:
    share_live.wf.settings = dataclasses.replace(share_live.wf.settings, share_rate_per_minute=3)
    grant = granted(share_live.wf, HH, CENTER)
    center = client(share_live, "service_center")
    codes = [lookup(center, grant, lake.keys[HH][i]).status_code for i in range(5)]
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
    assert json.loads(audit(share_live, "share.refused")[-1].detail)["code"] == "rate_limited"


def test_bulk_extraction_through_a_lookup_grant_is_refused_and_flagged(share_live: LiveService, lake: Lake) -> None:
    share_live.wf.settings = dataclasses.replace(share_live.wf.settings, share_lookup_keys_per_hour=10)
    grant = granted(share_live.wf, HH, CENTER)
    center = client(share_live, "service_center")
    codes = [lookup(center, grant, key).status_code for key in lake.keys[HH][:12]]
    assert codes[:10] == [200] * 10 and codes[10] == 403
    assert lookup(center, grant, lake.keys[HH][0]).status_code == 403  # suspended until the bureau looks
    (flagged,) = audit(share_live, "share.flagged")
    assert flagged.grant_ref == str(grant) and "breadth" in flagged.detail
    assert client(share_live, "service_center").get("/api/v1/share/grants").json()[0]["state"] == "flagged"
    paging = center.get(f"/api/v1/share/{HH}/records", params={"grant": grant, "purpose": PURPOSE})
    assert paging.status_code == 403  # a lookup grant never pages


def test_paging_through_a_lookup_grant_is_refused_and_flagged(share_live: LiveService, lake: Lake) -> None:
    grant = granted(share_live.wf, HH, CENTER)
    center = client(share_live, "service_center")
    paging = center.get(f"/api/v1/share/{HH}/records", params={"grant": grant, "purpose": PURPOSE, "page_size": 500})
    assert paging.status_code == 403 and "bulk extraction" in paging.json()["error"]["en"]
    assert "paging" in audit(share_live, "share.flagged")[0].detail
    assert lookup(center, grant, lake.keys[HH][0]).status_code == 403  # suspended


def test_hostile_inputs_are_refused_clearly_and_logged(share_live: LiveService, lake: Lake) -> None:
    from datetime import date

    grant = granted(share_live.wf, HH, CENTER)
    key = lake.keys[HH][0]
    drc = client(share_live, "drc")
    expired = client(share_live, "drc", share_live.token("service_center", expires_on=date(2026, 9, 1)))
    forged = client(share_live, "x", "dwt_" + "A" * 43)
    center = client(share_live, "service_center")
    cases = [
        (lookup(drc, grant, key), 404, "not_found"),  # another unit's grant
        (lookup(forged, grant, key), 401, "unauthenticated"),
        (lookup(expired, grant, key), 401, "unauthenticated"),
        (lookup(center, grant, "1' OR '1'='1"), 400, "invalid_key"),
        (lookup(center, grant, "330203'; DROP TABLE share_grants;--"), 400, "invalid_key"),
        (lookup(center, grant, key, dataset="..%2F..%2Fetc%2Fpasswd"), 404, None),
        (lookup(center, grant, key, dataset="household_registration;DROP"), 404, "not_found"),
        (lookup(center, grant, key, purpose="核验后转交第三方公司"), 403, "forbidden"),
        (center.get(f"/api/v1/share/{HH}/records", params={"grant": grant, "purpose": PURPOSE, "page_size": 10**12}), 400, "page_too_large"),
    ]
    for response, status, code in cases:
        assert response.status_code == status, response.text
        error = response.json()["error"]
        assert error["zh"] and error["en"] and key not in response.text
        if code:
            assert error["code"] == code
    refused = audit(share_live, "share.refused")
    assert len(refused) >= 8 and {e.unit for e in refused} >= {"-", "drc", "service_center"}
    assert all(key not in e.detail for e in refused)
    with share_live.wf.store.snapshot() as s:
        assert share_live.wf.audit.verify(s).ok


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_officers_review_and_decide_on_the_chinese_page(share_live: LiveService, offline_page) -> None:  # type: ignore[no-untyped-def]
    from sharing import applications as apps
    from sharing.draft import ApplicationDraft

    with share_live.wf.store.write() as s:
        aid = apps.apply(s, share_live.wf, CENTER, ApplicationDraft(dataset=HH, purpose=PURPOSE, **DETAIL)).id
    page = offline_page.page

    def login(unit: str) -> None:
        page.goto(f"{share_live.url}/login")
        page.fill("input[name=token]", share_live.token(unit))
        page.click("button[type=submit]")

    login("bureau")
    page.goto(f"{share_live.url}/share")
    assert "数据共享申请" in page.content() and f"#{aid}" in page.inner_text("#applications")
    page.click(f"a[href='/share/{aid}']")
    page.click("#approve")
    assert page.inner_text("#state") == "征求提供单位意见"
    assert "2026-10-10" in page.inner_text("#due")
    page.click("button:has-text('退出')")

    login("psb")
    page.goto(f"{share_live.url}/share/{aid}")
    page.check("input[value=law]")
    page.fill("#basis", "不宜共享")
    page.click("#refuse")
    assert "须以《》写明法律" in page.inner_text("[role=alert]")
    page.check("input[value=law]")
    page.fill("#basis", LAW)
    page.click("#refuse")
    assert page.inner_text("#state") == "提供单位不同意" and LAW in page.inner_text("#basis")
    offline_page.screenshot("share-application-refused")
    page.click("button:has-text('退出')")

    login("service_center")
    page.goto(f"{share_live.url}/share/{aid}")
    page.fill("#dispute-reason", "办理事项确需核验户籍")
    page.click("#dispute")
    assert page.inner_text("#state") == "争议评判中"
    page.click("button:has-text('退出')")

    login("bureau")
    page.goto(f"{share_live.url}/share/{aid}")
    page.check("input[value=share]")
    page.fill("#ruling-note", "所引条款不禁止向行政机关共享")
    page.click("#rule")
    assert page.inner_text("#state") == "已授权"
    assert offline_page.external == []
    with share_live.wf.store.read() as s:
        assert apps.get_application(s, BUREAU, aid).state == "granted"


def test_malformed_requests_are_refused_clearly_and_logged_without_what_was_sent(share_live: LiveService, lake: Lake) -> None:
    grant = granted(share_live.wf, HH, CENTER)
    center = client(share_live, "service_center")
    made_up = "330203199001011234"  # a resident ID sent as a field name
    cases = [
        (center.post(f"/api/v1/share/{HH}/lookup", json={"grant": grant, "purpose": PURPOSE, made_up: "x"}), "service_center"),
        (center.get(f"/api/v1/share/{HH}/records", params={"grant": grant, "purpose": PURPOSE, "page": made_up + "x"}), "service_center"),
        (httpx.post(f"{share_live.url}/api/v1/share/{HH}/lookup", content=b'{"key": "' + made_up.encode(), timeout=30,
                    headers={"Content-Type": "application/json"}), "-"),  # broken JSON, no token
    ]
    for response, _unit in cases:
        assert response.status_code == 422, response.text
        error = response.json()["error"]
        assert error["code"] == "malformed_request" and "请求格式有误" in error["zh"] and "malformed request" in error["en"]
        assert made_up not in response.text
    logged = [e for e in audit(share_live, "share.refused") if json.loads(e.detail)["code"] == "malformed_request"]
    assert [e.unit for e in logged] == [unit for _, unit in cases]
    assert json.loads(logged[0].detail)["problems"] == ["body.key: missing", "body.?: extra_forbidden"]
    assert logged[0].subject == "endpoint:/api/v1/share/{dataset}/lookup"
    assert all(made_up not in e.detail for e in logged)
    with share_live.wf.store.snapshot() as s:
        assert share_live.wf.audit.verify(s).ok
