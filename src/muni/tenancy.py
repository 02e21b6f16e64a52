"""Tenant configuration as written in `tenants/<slug>.yaml`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from muni.content.loader import ContentError


@dataclass(frozen=True)
class TenantConfig:
    slug: str
    name: str
    municipality_code: str
    domains: tuple[str, ...] = ()
    demo: bool = False
    variables: dict[str, str] = field(default_factory=dict)
    variables_en: dict[str, str] = field(default_factory=dict)  # English, where they differ
    provenance: dict[str, dict[str, str]] = field(default_factory=dict)  # source, as_of
    opening_hours: dict[str, str] = field(default_factory=dict)
    holidays: tuple[str, ...] = ()
    nlu: dict[str, float] = field(default_factory=dict)
    theme: dict[str, str] = field(default_factory=dict)
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)
    website: dict[str, Any] = field(default_factory=dict)  # start_urls, allowed_domains, ...
    generation: dict[str, Any] = field(default_factory=dict)  # enabled: true to use an LLM
    retention: dict[str, Any] = field(default_factory=dict)  # transcripts_days: 90
    booking: dict[str, Any] = field(default_factory=dict)  # services, locations, capacity
    connectors: dict[str, Any] = field(default_factory=dict)  # calendar, login, waste, ...

    def as_document(self) -> dict[str, Any]:
        """Everything but the identity columns, as stored in the tenants table."""
        return {
            "domains": list(self.domains),
            "demo": self.demo,
            "variables": self.variables,
            "variables_en": self.variables_en,
            "provenance": self.provenance,
            "opening_hours": self.opening_hours,
            "holidays": list(self.holidays),
            "nlu": self.nlu,
            "theme": self.theme,
            "website": self.website,
            "generation": self.generation,
            "retention": self.retention,
            "booking": self.booking,
            "connectors": self.connectors,
        }


def parse_variables(
    raw: dict[str, Any], source: str = ""
) -> tuple[dict[str, str], dict[str, str], dict[str, dict[str, str]]]:
    """A tenant's local values. Each is a string, or for a fact a mapping with where it was
    published and when: `{value: "89 40 20 00", source: "https://...", as_of: "2026-11-01"}`,
    optionally with `en:` when the value holds Danish words."""
    values: dict[str, str] = {}
    english: dict[str, str] = {}
    provenance: dict[str, dict[str, str]] = {}
    for name, item in raw.items():
        if isinstance(item, dict):
            if "value" not in item:
                raise ContentError(f"{source}: variable {name} has no 'value'")
            values[name] = str(item["value"])
            if item.get("en") is not None:
                english[name] = str(item["en"])
            provenance[name] = {k: str(item[k]) for k in ("source", "as_of") if item.get(k)}
        else:
            values[name] = str(item)
    return values, english, provenance


def tenant_from_dict(data: dict[str, Any], source: str = "") -> TenantConfig:
    try:
        slug, name = str(data["slug"]), str(data["name"])
        code = str(data["municipality_code"]).zfill(4)
    except KeyError as exc:
        raise ContentError(f"{source}: tenant is missing {exc}") from exc
    variables, variables_en, provenance = parse_variables(data.get("variables") or {}, source)
    variables.setdefault("kommune_navn", name)
    variables.setdefault("kommune_kort", name.replace(" Kommune", ""))
    return TenantConfig(
        slug=slug,
        name=name,
        municipality_code=code,
        domains=tuple(data.get("domains") or ()),
        demo=bool(data.get("demo", False)),
        variables=variables,
        variables_en=variables_en,
        provenance=provenance,
        opening_hours={k: str(v) for k, v in (data.get("opening_hours") or {}).items()},
        holidays=tuple(str(h) for h in data.get("holidays") or ()),
        nlu={k: float(v) for k, v in (data.get("nlu") or {}).items()},
        theme={k: str(v) for k, v in (data.get("theme") or {}).items()},
        overrides=dict(data.get("overrides") or {}),
        website=dict(data.get("website") or {}),
        generation=dict(data.get("generation") or {}),
        retention=dict(data.get("retention") or {}),
        booking=dict(data.get("booking") or {}),
        connectors=dict(data.get("connectors") or {}),
    )


def load_tenants(tenants_dir: Path) -> list[TenantConfig]:
    configs = []
    for path in sorted(tenants_dir.glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ContentError(f"{path}: {exc}") from exc
        configs.append(tenant_from_dict(data, str(path)))
    return configs
