"""Applications and grants as plain dictionaries with their Chinese labels, for the API, the
pages and the CLI alike (one shape everywhere)."""

from __future__ import annotations

from datetime import date
from typing import Any

from catalog.model import SHARE_CLASS_ZH, SHARE_MODE_ZH, ShareClass, ShareMode
from sharing.grants import state_of
from sharing.vocabulary import ACCESS_ZH, BASIS_ZH, GRANT_STATE_ZH, RELEASE_ZH, RULING_ZH, STATE_ZH, Access, BasisKind, ReleaseKind, Ruling, State
from workflow.context import Workflow
from workflow.store.tables import ShareApplication, ShareGrant


def application_view(wf: Workflow, application: ShareApplication) -> dict[str, Any]:
    today = wf.today()
    entry = wf.catalog.dataset(application.dataset)
    overdue = (application.state == State.consent_requested.value and application.consent_due_on is not None
               and application.consent_due_on < today)
    return {
        "id": application.id, "version": application.version, "state": application.state, "state_zh": STATE_ZH[State(application.state)],
        "unit": application.unit, "applied_by": application.applied_by, "dataset": application.dataset,
        "dataset_zh": entry.dataset.business_name, "provider": application.provider, "provider_zh": entry.provider.name,
        "share_class": application.share_class, "share_class_zh": SHARE_CLASS_ZH[ShareClass(application.share_class)],
        "release_class": application.release_class, "release_zh": RELEASE_ZH[ReleaseKind(application.release_class)],
        "share_mode": application.share_mode, "share_mode_zh": SHARE_MODE_ZH[ShareMode(application.share_mode)],
        "access": application.access, "access_zh": ACCESS_ZH[Access(application.access)], "items": list(application.items),
        "purpose": application.purpose, "business_process": application.business_process, "scenario": application.scenario,
        "requested_until": application.requested_until, "applied_on": application.applied_on, "reviewed_on": application.reviewed_on,
        "review_note": application.review_note, "consent_requested_on": application.consent_requested_on,
        "consent_due_on": application.consent_due_on, "consent_due_estimated": application.consent_due_estimated,
        "overdue_days": (today - application.consent_due_on).days if overdue and application.consent_due_on else 0,
        "answered_on": application.answered_on, "refusal_basis_kind": application.refusal_basis_kind,
        "refusal_basis_kind_zh": BASIS_ZH[BasisKind(application.refusal_basis_kind)] if application.refusal_basis_kind else None,
        "refusal_basis": application.refusal_basis, "refusal_reason": application.refusal_reason,
        "dispute_reason": application.dispute_reason, "disputed_on": application.disputed_on, "ruling": application.ruling,
        "ruling_zh": RULING_ZH[Ruling(application.ruling)] if application.ruling else None, "ruling_note": application.ruling_note,
        "ruled_on": application.ruled_on, "escalation_owner": application.escalation_owner, "escalated_on": application.escalated_on,
        "escalation_due_on": application.escalation_due_on, "escalation_closed_on": application.escalation_closed_on,
    }


def grant_view(grant: ShareGrant, today: date) -> dict[str, Any]:
    state = state_of(grant, today)
    return {
        "id": grant.id, "application_id": grant.application_id, "unit": grant.unit, "dataset": grant.dataset, "items": list(grant.items),
        "release_class": grant.release_class, "share_mode": grant.share_mode, "access": grant.access, "purpose": grant.purpose,
        "granted_on": grant.granted_on, "expires_on": grant.expires_on, "state": state.value, "state_zh": GRANT_STATE_ZH[state],
        "flag_reason": grant.flag_reason,
    }
