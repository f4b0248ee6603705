"""Refusals of the workflow layer: one line in Chinese and English, and a kind the HTTP app maps
to a status code. Messages never carry the input that was refused."""

from __future__ import annotations

from enum import Enum


class Refusal(str, Enum):
    invalid = "invalid"  # the request is wrong: 400
    unauthenticated = "unauthenticated"  # no valid credential: 401
    forbidden = "forbidden"  # known, visible, but not this unit's to do: 403
    not_found = "not_found"  # absent, or not visible to this unit: 404
    conflict = "conflict"  # the state moved on (another officer acted first): 409
    limited = "limited"  # too many calls for now (a grant's rate limit): 429


class WorkflowError(Exception):
    def __init__(self, kind: Refusal, zh: str, en: str, code: str = ""):
        super().__init__(f"{zh} {en}")
        self.kind = kind
        self.zh = zh
        self.en = en
        self.code = code or kind.value

    def as_json(self) -> dict[str, str]:
        return {"code": self.code, "zh": self.zh, "en": self.en}


def invalid(zh: str, en: str, code: str = "invalid") -> WorkflowError:
    return WorkflowError(Refusal.invalid, zh, en, code)


def forbidden(zh: str, en: str) -> WorkflowError:
    return WorkflowError(Refusal.forbidden, zh, en)


def not_found(zh: str, en: str) -> WorkflowError:
    return WorkflowError(Refusal.not_found, zh, en)


def conflict(zh: str, en: str) -> WorkflowError:
    return WorkflowError(Refusal.conflict, zh, en)
