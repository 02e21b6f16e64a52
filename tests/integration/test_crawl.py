"""Crawling the demo website over real HTTP: robots.txt, sitemap, broken link, 304s on a
re-crawl, a changed page re-indexed, a removed page gone from answers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from muni.background_server import BackgroundServer
from muni.crawl.crawler import CrawlConfig, Crawler
from muni.demo_site.server import DEMO_SITE, DemoSite
from muni.search.index import HybridIndex
from muni.store.database import Database
from muni.store.pages import PageRepository
from muni.store.tenants import TenantRepository
from muni.tenancy import tenant_from_dict

VARIABLES = {"kommune_navn": "Testby Kommune", "kommune_kort": "Testby",
             "kommune_telefon": "11 22 33 44"}


@pytest.fixture
def site_root(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(DEMO_SITE, root)
    return root


@pytest.fixture
def world(tmp_path: Path, site_root: Path):
    db = Database(f"sqlite:///{tmp_path / 'crawl.db'}")
    db.migrate()
    with db.session() as session:
        tenant = TenantRepository(session).upsert(tenant_from_dict(
            {"slug": "aarhus", "name": "Testby Kommune", "municipality_code": "999"}))
    site = DemoSite("aarhus", VARIABLES, root=site_root)
    with BackgroundServer(site.app(), health="/robots.txt") as server:
        config = CrawlConfig(start_urls=(server.url + "/",),
                             allowed_domains=(server.url.removeprefix("http://"),))
        yield db, tenant, site, server, config
    db.dispose()


def served_pages(site: DemoSite) -> int:
    from muni.demo_site.pages import all_pages

    return sum(1 for p in all_pages(site.pages_dir)
               if p.served_for(site.tenant) and not p.path.startswith("/intern"))


def test_first_crawl_obeys_robots_follows_sitemap_and_survives_broken_link(world):
    db, tenant, site, server, config = world
    summary = Crawler(db, tenant).run(config)
    paths = [path for _method, path, _status in site.requests]
    assert "/robots.txt" in paths and "/sitemap.xml" in paths
    assert not any(p.startswith("/intern") for p in paths)  # disallowed: never requested
    assert summary.skipped_robots >= 1                         # ... though it was linked
    assert summary.not_found == 1 and summary.errors == 0      # the broken link
    assert summary.new == served_pages(site) and summary.removed == 0
    with db.session() as session:
        urls = set(PageRepository(session, tenant).known())
    # only in the sitemap, linked from nowhere: found through the sitemap
    assert server.url + "/borger/kultur-og-fritid/festugen" in urls
    assert server.url + "/borger/kultur-og-fritid/h-c-andersen-festivals" not in urls


def test_second_crawl_without_changes_fetches_no_bodies(world):
    db, tenant, site, _server, config = world
    Crawler(db, tenant).run(config)
    site.requests.clear()
    again = Crawler(db, tenant).run(config)
    assert again.fetched == 0 and again.new == again.changed == again.removed == 0
    assert again.not_modified == served_pages(site)
    page_answers = [status for _m, path, status in site.requests
                    if path not in ("/robots.txt", "/sitemap.xml")]
    assert set(page_answers) == {304, 404}  # 404: the broken link, which has no body to skip
    assert page_answers.count(404) == 1


def test_changed_page_is_reindexed_and_removed_page_disappears(world, site_root):
    db, tenant, _site, server, config = world
    Crawler(db, tenant).run(config)
    page = site_root / "pages" / "borger" / "natur-og-miljoe" / "hundeskove.html"
    page.write_text(page.read_text().replace(
        "<h2>Hundeposer</h2>", "<h2>Hundeposer</h2>\n<p>Nyt: hundeskoven ved Tranemosen har "
        "fået en agilitybane med vippe og slalom.</p>"))
    (site_root / "pages" / "borger" / "natur-og-miljoe" / "kolonihaver.html").unlink()
    summary = Crawler(db, tenant).run(config)
    assert summary.changed == 1 and summary.removed == 1 and summary.new == 0
    index = HybridIndex(db, embedder=None)
    hits = index.search(tenant, "agilitybane i hundeskoven", k=3)
    assert hits and hits[0].passage.url == server.url + "/borger/natur-og-miljoe/hundeskove"
    assert "agilitybane" in hits[0].passage.text
    for hit in index.search(tenant, "kolonihave venteliste leje", k=10):
        assert "kolonihaver" not in hit.passage.url


def test_limits_pages_and_depth(world):
    db, tenant, _site, _server, config = world
    from dataclasses import replace

    summary = Crawler(db, tenant).run(replace(config, max_pages=10))
    assert summary.truncated and summary.new == 10


def test_page_topics_are_as_sure_as_the_tenants_answers(runtime):
    """A page gets a topic only as surely as an answer would: the accept threshold of
    content/nlu.yaml and the tenant's `nlu:`, not the one tuned in training."""
    from dataclasses import replace

    from muni.crawl.run import topic_mapper

    with runtime.db.session() as session:
        tenant = TenantRepository(session).by_slug("aarhus")
    title = "Pas til voksne | Borgerservice | Aarhus Kommune"
    assert topic_mapper(runtime, tenant)(title) == "pas"
    assert topic_mapper(runtime, replace(tenant, nlu={"accept": 1.01}))(title) is None
