"""Read the demo site's pages (HTML fragments with YAML front matter) from a folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True)
class SitePage:
    path: str  # URL path, "/" or "/borger/affald-og-genbrug/storskrald"
    title: str
    breadcrumb: tuple[str, ...]
    updated: str
    body: str
    tenants: tuple[str, ...] = ()  # empty: every municipality

    def served_for(self, tenant: str) -> bool:
        return not self.tenants or tenant in self.tenants


def url_path(pages_dir: Path, file: Path) -> str:
    parts = list(file.relative_to(pages_dir).with_suffix("").parts)
    if parts[-1] == "index":
        parts = parts[:-1]
    return "/" + "/".join(parts)


def read_page(pages_dir: Path, file: Path) -> SitePage:
    text = file.read_text(encoding="utf-8")
    _, front, body = text.split("---", 2)
    meta = yaml.safe_load(front) or {}
    return SitePage(
        path=url_path(pages_dir, file),
        title=str(meta["title"]),
        breadcrumb=tuple(meta.get("breadcrumb") or ()),
        updated=str(meta.get("updated", "2026-01-01")),
        body=body.strip(),
        tenants=tuple(meta.get("tenants") or ()),
    )


def find_page(pages_dir: Path, path: str) -> Path | None:
    """The file for a URL path, read fresh each time (tests edit and delete pages)."""
    clean = path.strip("/")
    if ".." in clean.split("/"):
        return None
    for candidate in (pages_dir / f"{clean}.html", pages_dir / clean / "index.html"):
        if clean and candidate.name == ".html":
            continue
        if candidate.is_file():
            return candidate
    return pages_dir / "index.html" if not clean and (pages_dir / "index.html").is_file() else None


def all_pages(pages_dir: Path) -> list[SitePage]:
    return [read_page(pages_dir, f) for f in sorted(pages_dir.rglob("*.html"))]
