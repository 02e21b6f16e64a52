"""Every setting is documented in the README, every API route has a description."""

from muni.config import REPO_ROOT, Settings


def test_every_setting_is_in_the_readme():
    readme = (REPO_ROOT / "README.md").read_text()
    missing = [name for name in Settings.model_fields
               if f"MUNI_{name.upper()}" not in readme]
    assert missing == []


def test_every_setting_has_a_description():
    assert [n for n, f in Settings.model_fields.items() if not f.description] == []


def test_every_api_route_is_described():
    from muni.web.app import create_app

    spec = create_app(Settings()).openapi()
    undocumented = [f"{method.upper()} {path}" for path, item in spec["paths"].items()
                    for method, operation in item.items()
                    if not operation.get("description")]
    assert undocumented == []


def test_every_cli_command_is_in_the_readme():
    from muni.cli import app
    from muni.cli.app import content_app

    readme = (REPO_ROOT / "README.md").read_text()
    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    names += [f"content {c.name}" for c in content_app.registered_commands]
    from muni.cli.staff import agent_app

    names += [f"staff {c.name}" for c in agent_app.registered_commands]
    assert [n for n in names if f"muni {n}" not in readme] == []
