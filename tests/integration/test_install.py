"""Every runtime dependency is declared: `pip install <repo>` (not editable, no extras) into a
fresh venv, with the pip that ships with Python, gives a `muni crawl` that works.

A missing dependency shows up as a crash on import in the installed command (as
`lxml_html_clean` once did: trafilatura's extra did not pull it in with older pip).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from muni.background_server import BackgroundServer
from muni.config import REPO_ROOT
from muni.demo_site.server import DemoSite
from muni.tenancy import tenant_from_dict

IN_CI = os.environ.get("CI", "").lower() == "true"
# what a checkout has that is not the project: environments, caches, build output
NOT_THE_PROJECT = shutil.ignore_patterns(".git", ".venv", "var", "build", "dist", "__pycache__",
                                         "*.egg-info", ".pytest_cache", ".ruff_cache",
                                         ".hypothesis", "node_modules")


def _pypi_reachable() -> bool:
    try:
        socket.create_connection(("pypi.org", 443), timeout=5).close()
        return True
    except OSError:
        return False


def _clean_env(**extra: str) -> dict[str, str]:
    """The environment without this test run's venv, Python path or muni settings."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("MUNI_") and k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    return {**env, "NO_COLOR": "1", "COLUMNS": "200", "OMP_NUM_THREADS": "1", **extra}


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv (one per test session) with the project installed the plain way; returns
    its bin directory."""
    if not IN_CI and not _pypi_reachable():
        pytest.skip("no network to pypi.org: cannot install the package into a fresh venv "
                    "(under CI=true this test always runs)")
    root = tmp_path_factory.mktemp("fresh-install")
    # a copy of the checkout: pip builds in the source tree and would leave build/ behind
    source = root / "muni"
    shutil.copytree(REPO_ROOT, source, ignore=NOT_THE_PROJECT)
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, env=_clean_env(),
                   timeout=300)
    python = venv / "bin" / "python"
    import ensurepip

    pip = subprocess.run([python, "-m", "pip", "--version"], capture_output=True, text=True,
                         check=True, env=_clean_env()).stdout
    assert pip.startswith(f"pip {ensurepip.version()} "), pip  # the bundled pip, not upgraded
    # --no-compile: no .pyc files written ahead for every dependency (they are made on import)
    result = subprocess.run([python, "-m", "pip", "install", "--quiet", "--no-compile",
                             str(source)],
                            capture_output=True, text=True, env=_clean_env(), timeout=1800)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    where = subprocess.run([python, "-c", "import muni; print(muni.__file__)"], cwd=root,
                           capture_output=True, text=True, check=True, env=_clean_env()).stdout
    assert Path(where.strip()).is_relative_to(venv), where  # not this checkout's src/
    return venv / "bin"


@pytest.mark.slow
def test_installed_muni_crawls_the_demo_site(installed: Path, tmp_path: Path):
    from muni.demo_site.pages import all_pages
    from muni.store.database import Database
    from muni.store.pages import PageRepository
    from muni.store.tenants import TenantRepository

    # muni crawl needs a tenant in the database (loaded from MUNI_TENANTS_DIR on first start),
    # the content pack to train on, and the website in the tenant's YAML
    tenant = yaml.safe_load((REPO_ROOT / "tenants" / "aarhus.yaml").read_text())
    site = DemoSite(tenant["slug"], tenant_from_dict(tenant).variables)  # values, not sources
    data_dir, tenants_dir = tmp_path / "data", tmp_path / "tenants"
    tenants_dir.mkdir()
    with BackgroundServer(site.app(), health="/robots.txt") as server:
        tenant["website"] = {"start_urls": [server.url + "/"],
                             "allowed_domains": [server.url.removeprefix("http://")]}
        (tenants_dir / "aarhus.yaml").write_text(yaml.safe_dump(tenant, allow_unicode=True))
        env = _clean_env(MUNI_DATA_DIR=str(data_dir), MUNI_EMBEDDINGS="false",
                         MUNI_CONTENT_DIR=str(REPO_ROOT / "content"),
                         MUNI_TENANTS_DIR=str(tenants_dir))
        result = subprocess.run([installed / "muni", "crawl", "aarhus"], cwd=tmp_path, env=env,
                                capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]

    db = Database(f"sqlite:///{data_dir / 'muni.db'}")
    try:
        with db.session() as session:
            stored = TenantRepository(session).by_slug("aarhus")
            assert stored is not None
            urls = set(PageRepository(session, stored).known())
    finally:
        db.dispose()
    expected = {server.url + p.path for p in all_pages(site.pages_dir)
                if p.served_for(site.tenant) and not p.path.startswith("/intern")}
    assert len(expected) > 50
    assert urls == expected, result.stdout[-3000:] + result.stderr[-3000:]
