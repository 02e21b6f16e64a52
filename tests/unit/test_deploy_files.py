"""The reference deployment in deploy/ fits the code it deploys: the compose file, the
Containerfile and the systemd units only run real `muni` commands with real options, name
only real settings, check health on real routes, share one database, and run unprivileged.

Nothing here can build or start a container (no docker or podman on the test machines); the
units go through `systemd-analyze verify` where it exists (always under CI=true)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from muni.config import REPO_ROOT, Settings

DEPLOY = REPO_ROOT / "deploy"
IN_CI = os.environ.get("CI", "").lower() == "true"
INSTALLED_MUNI = "/opt/muni/venv/bin/muni"  # where the units expect the installed command


# --- helpers -------------------------------------------------------------------------------


def cli_command(args: list[str]) -> tuple[tuple[str, ...], dict]:
    """Parse `muni ARGS` with the real command line (Typer's click commands) without running
    it: the path of subcommands and the parsed options. Unknown commands or options, or
    values of the wrong type, raise AssertionError."""
    import typer

    from muni.cli import app

    assert args and args[0] in ("muni", INSTALLED_MUNI), args
    command = typer.main.get_command(app)
    path: list[str] = []
    rest = list(args[1:])
    while hasattr(command, "commands") and rest and not rest[0].startswith("-"):
        name = rest.pop(0)
        assert name in command.commands, f"no command `muni {' '.join([*path, name])}`"
        path.append(name)
        command = command.commands[name]
    try:
        context = command.make_context("muni " + " ".join(path), rest)
    except Exception as exc:  # click's UsageError and friends
        raise AssertionError(f"`{' '.join(args)}`: {exc}") from exc
    return tuple(path), context.params


@cache
def app():  # type: ignore[no-untyped-def]
    from muni.web.app import create_app

    return create_app(Settings())  # not started: no database, no models


def routed(path: str) -> bool:
    """Whether a GET of `path` reaches a route of muni's web app."""
    from starlette.routing import Match

    scope = {"type": "http", "method": "GET", "path": path, "root_path": "", "headers": [],
             "query_string": b""}
    return any(route.matches(scope)[0] == Match.FULL for route in app().routes)


def test_routed_tells_routes_from_other_paths():
    assert routed("/api/health") and routed("/api/tenants")
    assert not routed("/no-such-page") and not routed("/api/healthz")


def paths_in(text: str) -> set[str]:
    """The paths of the http(s) URLs in a command (a health check's target)."""
    found = {urlsplit(u).path for u in re.findall(r"https?://[^\s'\"]+", text)}
    return {p for p in found if p}


def setting_names() -> set[str]:
    return {f"MUNI_{name.upper()}" for name in Settings.model_fields}


def settings_from(env: dict[str, str]) -> Settings:
    """Validate MUNI_* values as muni would read them (types, ranges)."""
    values = {k.removeprefix("MUNI_").lower(): v for k, v in env.items() if k.startswith("MUNI_")}
    return Settings(_env_file=None, **values)


def seconds(duration: str) -> float:
    """A compose duration ('30s', '2m', '1m30s')."""
    units = {"h": 3600, "m": 60, "s": 1, "ms": 0.001}
    parts = re.findall(r"(\d+(?:\.\d+)?)(ms|h|m|s)", duration)
    assert parts and "".join(n + u for n, u in parts) == duration, duration
    return sum(float(n) * units[u] for n, u in parts)


# --- compose.yaml --------------------------------------------------------------------------


@cache
def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def interpolate(value: object) -> str:
    """Compose's ${VAR}, ${VAR:-default} and ${VAR:?error}, as if deploy/.env set each
    required VAR to `VAR-value` and left the others unset."""

    def one(match: re.Match[str]) -> str:
        name, how, rest = match.group(1), match.group(2), match.group(3)
        return rest if how == ":-" else f"{name.lower()}-value"

    return re.sub(r"\$\{(\w+)(?:(:-|:\?)([^}]*))?\}", one, str(value))


def services() -> dict[str, dict]:
    return compose()["services"]


def environment(service: dict) -> dict[str, str]:
    return {k: interpolate(v) for k, v in (service.get("environment") or {}).items()}


def command_of(service: dict) -> list[str]:
    command = service.get("command", [])
    return shlex.split(command) if isinstance(command, str) else list(command)


def muni_services(path: tuple[str, ...]) -> dict[str, dict]:
    return {name: s for name, s in services().items()
            if command_of(s)[:1] == ["muni"] and cli_command(command_of(s))[0] == path}


def test_every_muni_service_runs_a_real_command_with_real_options():
    commands = {name: cli_command(command_of(s))[0] for name, s in services().items()
                if command_of(s)[:1] == ["muni"]}
    assert sorted(commands.values()) == sorted([("serve",), ("serve",), ("jobs", "work"),
                                                ("train",)])


def test_compose_names_only_real_settings_with_valid_values():
    known = setting_names()
    for name, service in services().items():
        assert isinstance(service.get("environment") or {}, dict), f"{name}: use a mapping"
        env = environment(service)
        unknown = [k for k in env if k.startswith("MUNI_") and k not in known]
        assert unknown == [], f"{name}: {unknown}"
        settings_from(env)  # raises on a value muni would refuse


def test_two_instances_share_one_postgresql_with_the_worker():
    instances = muni_services(("serve",))
    workers = muni_services(("jobs", "work"))
    assert len(instances) == 2 and len(workers) == 1
    urls = {environment(s)["MUNI_DATABASE_URL"]
            for s in [*instances.values(), *workers.values()]}
    assert len(urls) == 1
    (url,) = urls
    assert url.startswith("postgresql+psycopg://")
    # one search index in that database, not one in every process's memory
    assert {settings_from(environment(s)).search_backend
            for s in [*instances.values(), *workers.values()]} == {"postgres"}
    database_host = urlsplit(url).hostname
    assert database_host in services(), f"{database_host} is not a service"
    database = services()[database_host]
    assert database["image"].startswith("pgvector/pgvector:")
    for name, service in [*instances.items(), *workers.items()]:
        assert service["depends_on"][database_host]["condition"] == "service_healthy", name
        # the signing key must be the same everywhere, or links made by one are refused by
        # the other: not left to a random key per data volume
        assert service["environment"].get("MUNI_SECRET_KEY"), name


def test_healthchecks():
    database = services()["db"]
    assert "pg_isready" in database["healthcheck"]["test"]
    for name, service in muni_services(("serve",)).items():
        test = " ".join(service["healthcheck"]["test"])
        port = service["environment"]["MUNI_PORT"]
        (path,) = paths_in(test)
        assert routed(path), f"{name}: healthcheck on {path}, which is no route"
        assert f"127.0.0.1:{port}/" in test, f"{name}: healthcheck not on MUNI_PORT {port}"
    # the image's HEALTHCHECK asks /healthz: services that serve no HTTP must switch it off
    for name, service in services().items():
        if service.get("image") == "muni:local" and name not in muni_services(("serve",)):
            assert service["healthcheck"] == {"disable": True}, name
    assert services()["proxy"]["healthcheck"]["test"]


def test_instances_get_time_to_finish_turns_before_a_kill():
    for name, service in muni_services(("serve",)).items():
        grace = settings_from(environment(service)).shutdown_grace_seconds
        assert seconds(service["stop_grace_period"]) > grace, name


def test_instances_start_after_setup_and_every_muni_service_is_the_image():
    setup = muni_services(("train",))
    assert len(setup) == 1
    (setup_name,) = setup
    for name, service in [*muni_services(("serve",)).items(),
                          *muni_services(("jobs", "work")).items()]:
        assert service["depends_on"][setup_name]["condition"] == (
            "service_completed_successfully"), name
    for name, service in services().items():
        if command_of(service)[:1] == ["muni"]:
            build = service["build"]
            assert (DEPLOY / build["context"] / build["dockerfile"]).resolve() == (
                DEPLOY / "Containerfile"), name


def test_the_load_balancer_sends_to_both_instances_and_asks_a_real_route():
    proxy = services()["proxy"]
    mounts = [v.split(":") for v in proxy["volumes"]]
    caddyfile = [DEPLOY / host for host, target, *_ in mounts if target == "/etc/caddy/Caddyfile"]
    assert len(caddyfile) == 1 and caddyfile[0].is_file()
    text = caddyfile[0].read_text()
    upstreams = re.search(r"reverse_proxy\s+([^{\n]+)", text)
    assert upstreams
    expected = {f"{name}:{s['environment']['MUNI_PORT']}"
                for name, s in muni_services(("serve",)).items()}
    assert set(upstreams.group(1).split()) == expected
    health = re.search(r"health_uri\s+(\S+)", text)
    assert health and routed(health.group(1))
    # /metrics is a route, and not for the internet: the load balancer answers it itself
    assert routed("/metrics")
    internal = re.search(r"@internal path ([^\n]+)\n\s*respond @internal 404", text)
    assert internal and "/metrics" in internal.group(1).split()
    for name in muni_services(("serve",)):
        assert proxy["depends_on"][name]["condition"] == "service_healthy"


# --- Containerfile -------------------------------------------------------------------------


def instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    lines: list[str] = []
    pending = ""
    for raw in path.read_text().splitlines():
        stripped = raw.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        lines.append(pending + stripped)
        pending = ""
    assert not pending, "a line continues past the end of the file"
    result = []
    for line in lines:
        word, _, rest = line.partition(" ")
        result.append((word.upper(), rest.strip()))
    return result


def exec_form(arguments: str) -> list[str]:
    import json

    return json.loads(arguments) if arguments.startswith("[") else shlex.split(arguments)


def env_of(arguments: str) -> dict[str, str]:
    return dict(item.split("=", 1) for item in shlex.split(arguments))


@cache
def containerfile() -> list[tuple[str, str]]:
    return instructions(DEPLOY / "Containerfile")


def test_containerfile_base_and_install():
    steps = containerfile()
    assert steps[0] == ("FROM", "python:3.11-slim")
    runs = [args for word, args in steps if word == "RUN"]
    assert any(re.search(r"\bpip install \.(\s|$)", run) for run in runs)
    assert not any("-e ." in run or "[dev]" in run for run in runs)
    # pyproject.toml and the sources are in the image before pip installs them
    copied = [exec_form(args)[:-1] for word, args in steps if word == "COPY"]
    install = next(i for i, (w, a) in enumerate(steps) if w == "RUN" and "pip install ." in a)
    before = {src for word, args in steps[:install] if word == "COPY"
              for src in exec_form(args)[:-1]}
    assert {"pyproject.toml", "README.md", "src"} <= before
    for sources in copied:  # the build context is the repository root
        for source in sources:
            assert (REPO_ROOT / source).exists(), f"COPY {source}: not in the repository"


def test_containerfile_points_muni_at_what_it_copied_and_runs_unprivileged():
    steps = containerfile()
    workdir = next(Path(args) for word, args in steps if word == "WORKDIR")
    env: dict[str, str] = {}
    for word, args in steps:
        if word == "ENV":
            env.update(env_of(args))
    unknown = [k for k in env if k.startswith("MUNI_") and k not in setting_names()]
    assert unknown == []
    destinations = {(workdir / exec_form(args)[-1]).resolve()
                    for word, args in steps if word == "COPY"}
    # an installed package has no repository around it: content and tenants come from here
    for name in ("MUNI_CONTENT_DIR", "MUNI_TENANTS_DIR"):
        assert Path(env[name]) in destinations, name
    volumes = [v for word, args in steps if word == "VOLUME" for v in exec_form(args)]
    assert env["MUNI_DATA_DIR"] in volumes
    users = [args for word, args in steps if word == "USER"]
    assert users and users[-1] not in ("root", "0")
    last_user = max(i for i, (word, _) in enumerate(steps) if word == "USER")
    last_cmd = max(i for i, (word, _) in enumerate(steps) if word == "CMD")
    assert last_user < last_cmd
    created = [args for word, args in steps if word == "RUN" and "useradd" in args]
    assert any(re.search(rf"\b{re.escape(users[-1])}\b", run) for run in created)


def test_containerfile_healthcheck_and_command():
    steps = containerfile()
    (health,) = [args for word, args in steps if word == "HEALTHCHECK"]
    options, _, command = health.partition("CMD ")
    assert "--start-period=" in options
    found = paths_in(" ".join(exec_form(command)))
    assert found == {"/healthz"} and routed("/healthz")
    (cmd,) = [exec_form(args) for word, args in steps if word == "CMD"]
    path, params = cli_command(cmd)
    assert path == ("serve",) and params["host"] == "0.0.0.0"


# --- systemd units -------------------------------------------------------------------------

UNITS = DEPLOY / "systemd"


def unit_entries(path: Path) -> dict[str, list[tuple[str, str]]]:
    """[Section] -> [(key, value)] in order; repeated keys kept (as systemd allows)."""
    sections: dict[str, list[tuple[str, str]]] = {}
    current = None
    for number, raw in enumerate(path.read_text().splitlines(), 1):
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
            continue
        assert current is not None and "=" in line, f"{path.name}:{number}: {raw}"
        key, value = line.split("=", 1)
        current.append((key.strip(), value.strip()))
    return sections


def service_keys(path: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for key, value in unit_entries(path)["Service"]:
        found.setdefault(key, []).append(value)
    return found


def env_file() -> dict[str, str]:
    example = UNITS / "muni.env.example"
    pairs = [line.split("=", 1) for line in example.read_text().splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    return {k.strip(): v.strip() for k, v in pairs}


def unit_files() -> list[Path]:
    return sorted(UNITS.glob("*.service"))


def test_the_units_are_the_server_template_and_the_worker():
    assert [p.name for p in unit_files()] == ["muni-worker.service", "muni@.service"]


@pytest.mark.parametrize("unit", ["muni@.service", "muni-worker.service"])
def test_unit_runs_a_real_command_hardened(unit):
    keys = service_keys(UNITS / unit)
    (exec_start,) = keys["ExecStart"]
    args = shlex.split(exec_start.replace("%i", "8001"))
    assert args[0] == INSTALLED_MUNI
    path, params = cli_command(args)
    if unit == "muni@.service":
        assert path == ("serve",) and params["port"] == 8001  # one port per instance
    else:
        assert path == ("jobs", "work")
    single = {k: v[-1] for k, v in keys.items()}
    assert single.get("DynamicUser") == "yes" or single.get("User") not in (None, "root", "0")
    assert single["ProtectSystem"] == "strict"
    assert single["NoNewPrivileges"] == "yes"
    assert single["ProtectHome"] in ("yes", "read-only", "tmpfs")
    assert single["PrivateTmp"] == "yes"
    assert single["CapabilityBoundingSet"] == ""
    env = env_file()
    writable = " ".join(keys.get("ReadWritePaths", [])).split()
    assert env["MUNI_DATA_DIR"] in writable
    (environment_file,) = keys["EnvironmentFile"]
    assert environment_file.lstrip("-") == "/etc/muni/muni.env"
    if unit == "muni@.service":  # stops after the grace period in which turns finish
        grace = settings_from(env).shutdown_grace_seconds
        assert float(single["TimeoutStopSec"]) > grace


def test_environment_file_example_names_real_settings_with_valid_values():
    env = env_file()
    assert [k for k in env if k.startswith("MUNI_") and k not in setting_names()] == []
    settings = settings_from(env)
    assert settings.database_url and settings.database_url.startswith("postgresql+psycopg://")
    assert settings.search_backend == "postgres"
    assert settings.workers == 1


def _verify_copies(tmp_path: Path) -> Iterator[Path]:
    """The units with the installed command replaced by this checkout's (systemd-analyze
    verify refuses an ExecStart that does not exist here)."""
    here = Path(sys.executable).parent / "muni"
    assert here.exists()
    for unit in unit_files():
        copy = tmp_path / unit.name
        copy.write_text(unit.read_text().replace(INSTALLED_MUNI, str(here)))
        yield copy


def test_systemd_analyze_verify(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        if IN_CI:
            pytest.fail("systemd-analyze is missing under CI=true (.ci/run installs systemd)")
        pytest.skip("systemd-analyze not installed (Debian package systemd); the units' keys "
                    "are still checked by the other tests")
    copies = list(_verify_copies(tmp_path))
    result = subprocess.run([analyze, "verify", *map(str, copies)], capture_output=True,
                            text=True, timeout=120, cwd=tmp_path)
    # warnings (unknown keys, unsafe settings) do not change the exit code: none allowed
    output = (result.stdout + result.stderr).strip()
    assert result.returncode == 0 and output == "", output


# --- all of deploy/ ------------------------------------------------------------------------


def test_every_muni_setting_named_in_deploy_is_real():
    known = setting_names()
    named = {(path.relative_to(REPO_ROOT).as_posix(), name)
             for path in DEPLOY.rglob("*") if path.is_file()
             for name in re.findall(r"\bMUNI_[A-Z0-9_]*[A-Z0-9]", path.read_text())}
    assert named  # the files do name settings
    assert sorted((f, n) for f, n in named if n not in known) == []


def test_deploy_readme_explains_every_setting_the_files_set():
    readme = (DEPLOY / "README.md").read_text()
    set_somewhere = set(env_file())
    for service in services().values():
        set_somewhere |= set(service.get("environment") or {})
    for word, args in containerfile():
        if word == "ENV":
            set_somewhere |= set(env_of(args))
    missing = sorted(n for n in set_somewhere if n.startswith("MUNI_") and f"`{n}`" not in readme)
    assert missing == []
