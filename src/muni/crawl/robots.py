"""robots.txt rules per host (protego), fetched once per crawl."""

from __future__ import annotations

from protego import Protego

from muni.crawl.fetch import Fetcher


class RobotsRules:
    def __init__(self, fetcher: Fetcher, agent: str) -> None:
        self.fetcher = fetcher
        self.agent = agent
        self._by_origin: dict[str, Protego | None] = {}

    def _rules(self, origin: str) -> Protego | None:
        if origin not in self._by_origin:
            result = self.fetcher.get(f"{origin}/robots.txt", accept=())
            text = result.body.decode("utf-8", "replace") if result.ok else ""
            self._by_origin[origin] = Protego.parse(text) if text else None
        return self._by_origin[origin]

    def allowed(self, origin: str, url: str) -> bool:
        rules = self._rules(origin)
        return True if rules is None else bool(rules.can_fetch(url, self.agent))

    def crawl_delay(self, origin: str) -> float:
        rules = self._rules(origin)
        delay = rules.crawl_delay(self.agent) if rules else None
        return float(delay or 0.0)

    def sitemaps(self, origin: str) -> list[str]:
        rules = self._rules(origin)
        return list(rules.sitemaps) if rules else []
