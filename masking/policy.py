"""Masking policies as code (Art. 30): one YAML file per release class, typed and complete.

A policy names, for every personal-data kind, what happens to it. A kind without a rule is a
load error rather than a silent pass-through, so a new kind in the catalog cannot leak.
"""

from __future__ import annotations

from enum import Enum
from functools import cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from catalog.model import PersonalKind


class ReleaseClass(str, Enum):
    restricted = "restricted"  # 受限共享
    not_shared = "not_shared"  # 非共享（脱敏副本）
    open = "open"  # 开放


class Action(str, Enum):
    keep = "keep"
    mask = "mask"  # partial masking: 330203********1234, 138****5678, 张*
    pseudonym = "pseudonym"  # keyed HMAC: stable across tables, changes with the key
    generalise = "generalise"  # birth date → year, address → street
    suppress = "suppress"  # removed: null in a column, a bracketed label in free text


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Rule(_Strict):
    action: Action
    style: str | None = Field(default=None, pattern="^(star|mou)$", description="name masks: 张* or 张某")
    to: str | None = Field(default=None, pattern="^(year|street)$", description="generalisation level")


class KAnonymity(_Strict):
    kinds: tuple[PersonalKind, ...] = ()
    fields: tuple[str, ...] = ()
    max_suppression: float = Field(default=0.05, ge=0, le=1)


# Kinds that are a value of one column; free_text is scanned span by span, none is not personal.
RULED_KINDS = tuple(k for k in PersonalKind if k not in (PersonalKind.none, PersonalKind.free_text))


class Policy(_Strict):
    release_class: ReleaseClass
    label: str
    lineage: str = Field(pattern="^(keep|drop)$")
    rules: dict[PersonalKind, Rule]
    free_text: dict[PersonalKind, Rule] = Field(default_factory=dict, description="overrides inside free text")
    k_anonymity: KAnonymity | None = None

    @model_validator(mode="after")
    def _every_kind_ruled(self) -> Policy:
        missing = [k.value for k in RULED_KINDS if k not in self.rules]
        if missing:
            raise ValueError(f"策略缺少规则 policy has no rule for kinds {missing}")
        for kind, rule in {**self.rules, **self.free_text}.items():
            if rule.action is Action.generalise and kind not in (PersonalKind.birth_date, PersonalKind.address):
                raise ValueError(f"only birth_date and address can be generalised, not {kind.value}")
        return self

    def rule(self, kind: PersonalKind, *, in_text: bool = False) -> Rule:
        if in_text and kind in self.free_text:
            return self.free_text[kind]
        return self.rules[kind]


@cache
def load_policy(release_class: ReleaseClass | str) -> Policy:
    name = ReleaseClass(release_class).value
    text = resources.files("masking.policies").joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    return Policy.model_validate(yaml.safe_load(text))
