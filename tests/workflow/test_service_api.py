"""The HTTP API for business systems, over real HTTP on loopback, on both databases: every
transition, authentication, the unit x ticket authorisation matrix, refusals without echo."""

from __future__ import annotations

import dataclasses
from datetime import date

import httpx
import pytest
from live_service import LiveService

BATCH = "household_registration-3f2a9c0d1e2b4a5c"
UNITS = ["bureau", "psb", "water", "hrss", "service_center", "drc"]


def client(live: LiveService, unit: str) -> httpx.Client:
    return httpx.Client(base_url=live.url, headers={"Authorization": f"Bearer {live.token(unit)}"}, timeout=30)


def report(c: httpx.Client, **changes: object) -> dict:
    body = {"dataset": "household_registration", "kind": "error", "rows": [f"{BATCH}:17"], "fields": ["birth_date"],
            "description": "出生日期晚于登记日期"} | changes
    response = c.post("/api/v1/tickets", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def test_a_business_system_reports_and_the_provider_closes_the_loop(live: LiveService) -> None:
    center, psb, bureau = client(live, "service_center"), client(live, "psb"), client(live, "bureau")
    ticket = report(center)
    assert (ticket["state"], ticket["provider"], ticket["due_on"], ticket["state_zh"]) == ("reported", "psb", "2026-10-10", "待受理")
    tid = ticket["id"]
    assert psb.post(f"/api/v1/tickets/{tid}/accept").json()["state"] == "accepted"
    asked = psb.post(f"/api/v1/tickets/{tid}/extension", json={"until": "2026-11-10", "reason": "需核对纸质档案"}).json()
    assert asked["extension_requested_to"] == "2026-11-10" and asked["warnings"]
    assert bureau.post(f"/api/v1/tickets/{tid}/extension/decision", json={"approve": True}).json()["due_on"] == "2026-11-10"
    done = psb.post(f"/api/v1/tickets/{tid}/resolve", json={"outcome": "confirmed_correct", "note": "经核对无误，已告知反馈方"}).json()
    assert (done["state"], done["outcome_zh"]) == ("resolved", "确认无误")
    shown = center.get(f"/api/v1/tickets/{tid}").json()
    assert [h["action"] for h in shown["history"]] == ["ticket.reported", "ticket.accepted", "ticket.extension_requested",
                                                        "ticket.extension_approved", "ticket.resolved"]
    assert [h["channel"] for h in shown["history"]] == ["api"] * 5
    assert center.get("/api/v1/me").json()["code"] == "service_center"


def test_the_unit_by_ticket_matrix(live: LiveService) -> None:
    clients = {u: client(live, u) for u in UNITS}
    tickets = [  # (reporter, dataset, provider)
        ("service_center", "household_registration", "psb"),
        ("water", "household_registration", "psb"),
        ("psb", "water_accounts", "water"),
        ("bureau", "social_insurance_enrolment", "hrss"),
    ]
    made = []
    for reporter, dataset, provider in tickets:
        ticket = report(clients[reporter], dataset=dataset, rows=[], fields=[])
        assert ticket["provider"] == provider
        made.append(ticket)
    for ticket in made:
        allowed = {"bureau", ticket["reporter"], ticket["provider"]}
        for unit, c in clients.items():
            visible = unit in allowed
            assert c.get(f"/api/v1/tickets/{ticket['id']}").status_code == (200 if visible else 404), (unit, ticket["id"])
            if unit != ticket["provider"]:
                refused = c.post(f"/api/v1/tickets/{ticket['id']}/accept")
                assert refused.status_code == (403 if visible else 404), (unit, ticket["id"])
                assert set(refused.json()["error"]) == {"code", "zh", "en"}
        assert clients[ticket["provider"]].post(f"/api/v1/tickets/{ticket['id']}/accept").status_code == 200
    for unit, c in clients.items():
        listed = {t["id"] for t in c.get("/api/v1/tickets").json()}
        expected = {t["id"] for t in made if unit in {"bureau", t["reporter"], t["provider"]}}
        assert listed == expected, unit


@pytest.mark.parametrize("kind", ["none", "garbage", "revoked", "expired", "wrong_scheme"])
def test_requests_without_a_valid_token_are_refused(live: LiveService, kind: str) -> None:
    from workflow.credentials import list_credentials, revoke
    from workflow.units import operator

    headers = {}
    if kind == "garbage":
        headers = {"Authorization": "Bearer dwt_not-a-real-token"}
    elif kind == "revoked":
        token = live.token("psb")
        with live.wf.store.write() as s:
            revoke(s, live.wf.audit, operator(s, None, "ops"), max(c.id for c in list_credentials(s)))
        headers = {"Authorization": f"Bearer {token}"}
    elif kind == "expired":
        headers = {"Authorization": f"Bearer {live.token('psb', expires_on=date(2026, 9, 27))}"}
    elif kind == "wrong_scheme":
        headers = {"Authorization": f"Basic {live.token('psb')}"}
    response = httpx.get(f"{live.url}/api/v1/tickets", headers=headers)
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
    assert response.json()["error"]["code"] == "unauthenticated"


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"dataset": "household_registration", "kind": "error", "description": "居民330203199001011235的出生日期错了"}, 400, "personal_data"),
        ({"dataset": "household_registration", "kind": "error", "rows": ["13857461234"]}, 400, "invalid_rows"),
        ({"dataset": "no_such_dataset", "kind": "error", "description": "x"}, 400, "unknown_dataset"),
        ({"dataset": "household_registration", "kind": "error", "description": "x", "resident_id": "330203199001011235"}, 422,
         "malformed_request"),
        ({"dataset": "household_registration", "kind": ["error"]}, 422, "malformed_request"),
        ({"dataset": "household_registration", "kind": "error", "rows": [f"{BATCH}:1"] * 10_001}, 422, "malformed_request"),
    ],
)
def test_bad_requests_are_refused_in_both_languages_without_echo(live: LiveService, body: dict, status: int, code: str) -> None:
    c = client(live, "service_center")
    response = c.post("/api/v1/tickets", json=body)
    assert response.status_code == status and response.json()["error"]["code"] == code
    error = response.json()["error"]
    assert error["zh"] and error["en"]
    assert "330203199001011235" not in response.text and "13857461234" not in response.text
    assert c.get("/api/v1/tickets").json() == []


def test_not_json_at_all(live: LiveService) -> None:
    response = client(live, "psb").post("/api/v1/tickets", content=b"\xff\xfe not json", headers={"content-type": "application/json"})
    assert response.status_code == 400 and response.json()["error"]["code"] == "http_400"
    assert "JSON" in response.json()["error"]["en"]


def test_a_decision_on_a_stale_version_is_a_conflict(live: LiveService) -> None:
    psb = client(live, "psb")
    ticket = report(client(live, "service_center"))
    assert psb.post(f"/api/v1/tickets/{ticket['id']}/accept", json={"version": 1}).status_code == 200
    stale = psb.post(f"/api/v1/tickets/{ticket['id']}/resolve", json={"outcome": "fixed", "note": "已修正", "version": 1})
    assert stale.status_code == 409 and "version 2" in stale.json()["error"]["en"]


def test_overdue_per_provider(live: LiveService) -> None:
    report(client(live, "service_center"))
    live.wf.settings = dataclasses.replace(live.wf.settings, fixed_today=date(2026, 10, 13))
    overdue = client(live, "bureau").get("/api/v1/tickets/overdue").json()
    assert list(overdue) == ["psb"] and overdue["psb"][0]["overdue_days"] == 3 and overdue["psb"][0]["overdue_working_days"] == 2
    assert client(live, "water").get("/api/v1/tickets/overdue").json() == {}


def test_health_needs_no_token_and_touches_nothing(live: LiveService) -> None:
    assert httpx.get(f"{live.url}/healthz").json() == {"ok": True}
    assert httpx.get(f"{live.url}/api/v1/nothing-here").json()["error"]["code"] == "http_404"


def test_the_documented_shape_is_the_shape_served(live: LiveService) -> None:
    from service.schemas import TicketOut

    shown = client(live, "service_center").get(f"/api/v1/tickets/{report(client(live, 'service_center'))['id']}").json()
    assert set(shown) == set(TicketOut.model_fields)
    spec = httpx.get(f"{live.url}/openapi.json").json()
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
