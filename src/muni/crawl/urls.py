"""URL normalisation and the allowed-domain rule."""

from __future__ import annotations

from urllib.parse import urldefrag, urljoin, urlsplit, urlunsplit

SKIPPED_SUFFIXES = (
    ".pdf",
    ".jpg",
    ".jpeg",
    ".png",
    ".gif",
    ".svg",
    ".zip",
    ".docx",
    ".xlsx",
    ".mp4",
    ".mp3",
    ".css",
    ".js",
    ".ico",
    ".webp",
)


def normalize_url(url: str, base: str | None = None) -> str | None:
    """Absolute http(s) URL without fragment, default port or trailing slash; None otherwise."""
    if base:
        url = urljoin(base, url)
    url, _fragment = urldefrag(url.strip())
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    netloc = parts.hostname.lower()
    if parts.port and not (
        (parts.scheme == "http" and parts.port == 80)
        or (parts.scheme == "https" and parts.port == 443)
    ):
        netloc += f":{parts.port}"
    path = parts.path or "/"
    if path != "/" and path.endswith("/"):
        path = path.rstrip("/")
    return urlunsplit((parts.scheme, netloc, path, parts.query, ""))


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.netloc.lower()


def is_allowed(url: str, allowed_domains: tuple[str, ...]) -> bool:
    """The URL's host is an allowed domain or a subdomain of one (ports must match if given)."""
    host = host_of(url)
    hostname = urlsplit(url).hostname or ""
    for domain in allowed_domains:
        domain = domain.lower()
        if host == domain or hostname == domain or hostname.endswith("." + domain):
            return True
    return False


def looks_like_page(url: str) -> bool:
    return not urlsplit(url).path.lower().endswith(SKIPPED_SUFFIXES)
