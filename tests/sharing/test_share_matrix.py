"""The authorisation matrix: every unit x dataset (one of each share class) x grant state (none,
live, expired, revoked, wrong purpose) x kind of grant x endpoint, over real HTTP, on both
databases. Exactly the live grants on their own endpoint are served, from their release class."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import date

import httpx
from live_service import LiveService
from share_helpers import BUREAU, ENT, HH, PURPOSE, SUB, granted
from share_lake import Lake

from sharing.grants import revoke
from workflow.actors import Actor, Channel, Role

UNITS = {"service_center": Role.consumer, "drc": Role.consumer, "water": Role.provider}
DATASETS = {ENT: "clean", HH: "restricted", SUB: "not_shared"}
STATES = ("none", "live", "expired", "revoked", "wrong_purpose")
ACCESS = ("lookup", "paging")
ENDPOINTS = ("lookup", "records")
TODAY, LATER = date(2026, 9, 28), date(2026, 9, 30)


def _grants(live: LiveService) -> dict[tuple[str, str, str, str], int]:
    made = {}
    for (unit, role), dataset, access in itertools.product(UNITS.items(), DATASETS, ACCESS):
        actor = Actor(unit, role, f"{unit}-system", Channel.api)
        for state in ("live", "expired", "revoked"):
            until = date(2026, 9, 29) if state == "expired" else None
            made[unit, dataset, access, state] = granted(live.wf, dataset, actor, access=access, until=until,
                                                          share_mode="interface")
        with live.wf.store.write() as s:
            revoke(s, live.wf, BUREAU, made[unit, dataset, access, "revoked"], "矩阵测试")
    return made


def _call(c: httpx.Client, endpoint: str, dataset: str, grant: int, purpose: str, key: str) -> httpx.Response:
    if endpoint == "lookup":
        return c.post(f"/api/v1/share/{dataset}/lookup", json={"grant": grant, "purpose": purpose, "key": key})
    return c.get(f"/api/v1/share/{dataset}/records", params={"grant": grant, "purpose": purpose, "page_size": 5})


def test_exactly_the_allowed_cells_succeed(share_live: LiveService, lake: Lake) -> None:
    grants = _grants(share_live)
    share_live.wf.settings = dataclasses.replace(share_live.wf.settings, fixed_today=LATER)  # the short grants have expired
    clients = {u: httpx.Client(base_url=share_live.url, headers={"Authorization": f"Bearer {share_live.token(u)}"}, timeout=30) for u in UNITS}
    others = {"service_center": "drc", "drc": "water", "water": "service_center"}
    unexpected, served = [], 0
    for unit, dataset, state, access, endpoint in itertools.product(UNITS, DATASETS, STATES, ACCESS, ENDPOINTS):
        if state == "none":  # the unit holds nothing for this: it tries another unit's live grant
            grant = grants[others[unit], dataset, access, "live"]
        else:
            grant = grants[unit, dataset, access, "live" if state == "wrong_purpose" else state]
        purpose = "转交第三方用于商业营销" if state == "wrong_purpose" else PURPOSE
        response = _call(clients[unit], endpoint, dataset, grant, purpose, lake.keys[dataset][1])
        allowed = state == "live" and (access, endpoint) in (("lookup", "lookup"), ("paging", "records"))
        expected = 200 if allowed else 404 if state == "none" else 403
        if response.status_code != expected:
            unexpected.append((unit, dataset, state, access, endpoint, response.status_code, expected))
            continue
        if allowed:
            served += 1
            body = response.json()
            assert body["release_class"] == DATASETS[dataset]
            record = body["records"][0]
            key_field = "uscc" if dataset == ENT else "resident_id"
            assert record[key_field].startswith("PS") == (dataset != ENT)  # masked releases hold pseudonyms
            assert set(record) == {*body["fields"], "lineage_key"}
        else:
            assert response.json()["error"]["en"]
    assert unexpected == []
    assert served == len(UNITS) * len(DATASETS) * 2
    with share_live.wf.store.snapshot() as s:
        assert share_live.wf.audit.verify(s).ok
