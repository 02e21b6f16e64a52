from muni.channels.idle_time import idle_minutes
from muni.config import Settings
from muni.domain import Tenant


def tenant(website: dict) -> Tenant:
    return Tenant(id=1, slug="aarhus", name="Aarhus Kommune", municipality_code="0751",
                  website=website)


def test_the_installation_idle_time_unless_the_tenant_sets_a_shorter_one():
    settings = Settings(widget_idle_minutes=30)
    assert idle_minutes(settings, tenant({})) == 30
    assert idle_minutes(settings, tenant({"widget_idle_minutes": 10})) == 10
    assert idle_minutes(settings, tenant({"widget_idle_minutes": 120})) == 30  # never longer


def test_a_broken_tenant_value_falls_back_and_zero_is_not_forever():
    settings = Settings(widget_idle_minutes=30)
    assert idle_minutes(settings, tenant({"widget_idle_minutes": "soon"})) == 30
    assert idle_minutes(settings, tenant({"widget_idle_minutes": -5})) == 1
