"""The statistics pages over real HTTP: who sees which municipality, the comparison for
central staff only, the numbers equal to the database, and every CSV equal to its table."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import func, select

from muni.analytics.generate import Spec, generate
from muni.store.tables import ConversationRow, TenantRow, TurnRow
from tests.integration.console_helpers import add_every_role, login

# generated far in the past, so no other test's recent data (inbox, retention) meets it
END = datetime(2021, 6, 30, 12, tzinfo=UTC)
PERIOD = "from=2020-07-01&to=2021-06-30"
CHARTS = ("year", "month", "weekday", "hour", "channel", "ratings", "rates", "rates_month",
          "topics", "sub_answers", "guards")


@pytest.fixture(scope="module")
def stats(runtime, live_server):
    add_every_role(runtime)
    with runtime.db.read() as session:
        already = session.scalar(select(func.count()).where(
            ConversationRow.channel_ref == "generated", ConversationRow.created_at < END))
    if not already:
        generate(runtime.db, Spec(300, years=1, seed=11, tenants=("aarhus", "odense"), end=END))
    with runtime.db.read() as session:
        counts = dict(session.execute(
            select(TenantRow.slug, func.count(ConversationRow.id))
            .join(TenantRow, TenantRow.id == ConversationRow.tenant_id)
            .where(ConversationRow.channel_ref == "generated", ConversationRow.created_at < END)
            .group_by(TenantRow.slug)).all())
    return counts


@contextmanager
def session_as(live_server, username: str, tenant: str = "") -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server.url, timeout=30) as http:
        login(http, username, tenant)
        yield http


def table(html: str, key: str) -> list[list[str]]:
    """The rows (header first) of the data table under chart `key`, as the page shows them."""
    figure = html.split(f'id="chart-{key}"', 1)[1].split("</figure>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", figure, re.S)
    return [[re.sub(r"<[^>]+>", "", cell).strip()
             for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)] for row in rows]


def shown(value: str) -> str:
    """A number as the page shows it (12.345 / 41,5) as the CSV has it (12345 / 41.5)."""
    if re.fullmatch(r"-?[\d.]+(,\d+)?( %)?", value):
        return value.removesuffix(" %").replace(".", "").replace(",", ".")
    return "" if value == "-" else value


def test_a_viewer_sees_only_their_own_municipality(stats, live_server):
    with session_as(live_server, "aa-viewer", "aarhus") as http:
        page = http.get(f"/console/stats?{PERIOD}")
        assert page.status_code == 200
        assert "Statistik for Aarhus" in page.text
        total = re.search(r'<span class="big">([\d.]+)</span><br>samtaler', page.text)
        assert total is not None and int(total.group(1).replace(".", "")) == stats["aarhus"]
        assert "genererede testdata" in page.text
        assert http.get("/console/stats?tenant=odense").status_code == 403
        assert http.get(f"/console/stats.csv?chart=month&tenant=odense&{PERIOD}").status_code == 403
        assert http.get("/console/stats/compare").status_code == 403
        assert http.get("/console/stats.csv?chart=compare").status_code == 403
        assert 'value="odense"' not in page.text  # no municipality picker


def test_the_share_of_helpful_answers_equals_the_votes_in_the_database(stats, live_server, runtime):
    with runtime.db.read() as session:
        votes = dict(session.execute(
            select(TurnRow.vote, func.count())
            .join(ConversationRow, ConversationRow.id == TurnRow.conversation_id)
            .join(TenantRow, TenantRow.id == ConversationRow.tenant_id)
            .where(TenantRow.slug == "aarhus", ConversationRow.channel_ref == "generated",
                   ConversationRow.created_at < END, TurnRow.vote.is_not(None))
            .group_by(TurnRow.vote)).all())
    assert votes.get(1) and votes.get(-1)  # the generated data has both
    with session_as(live_server, "aa-viewer", "aarhus") as http:
        page = http.get(f"/console/stats?{PERIOD}").text
    card = re.search(r'<span class="big">([\d,]+) %</span><br>svar der hjalp '
                     r'\("Hjalp svaret\?": ([\d.]+) stemmer\)', page.replace("&#34;", '"'))
    assert card is not None, "no card for the votes"
    assert int(card.group(2).replace(".", "")) == votes[1] + votes[-1]
    share = round(100 * votes[1] / (votes[1] + votes[-1]), 1)
    assert float(card.group(1).replace(",", ".")) == share


def test_roles_without_statistics_are_refused(stats, live_server):
    with session_as(live_server, "aa-agent", "aarhus") as http:
        assert http.get("/console/stats").status_code == 403
        assert http.get("/console/stats.csv?chart=month").status_code == 403
    with httpx.Client(base_url=live_server.url) as anonymous:
        assert anonymous.get("/console/stats.csv?chart=month").status_code in (401, 303)


def test_central_staff_see_all_one_and_the_comparison(stats, live_server):
    with session_as(live_server, "c-editor") as http:
        every = http.get(f"/console/stats?{PERIOD}")
        assert every.status_code == 200 and "for alle kommuner" in every.text
        odense = http.get(f"/console/stats?tenant=odense&{PERIOD}")
        assert "Statistik for Odense" in odense.text
        total = re.search(r'<span class="big">([\d.]+)</span><br>samtaler', odense.text)
        assert int(total.group(1).replace(".", "")) == stats["odense"]
        compare = http.get(f"/console/stats/compare?{PERIOD}")
        assert compare.status_code == 200
        rows = {row[0]: row for row in table(compare.text, "compare")[1:]}
        assert int(shown(rows["Aarhus Kommune"][1])) == stats["aarhus"]
        assert int(shown(rows["Odense Kommune"][1])) == stats["odense"]
        assert http.get("/console/stats?tenant=nowhere").status_code == 404


def test_every_csv_equals_its_table(stats, live_server):
    with session_as(live_server, "c-editor") as http:
        page = http.get(f"/console/stats?tenant=aarhus&{PERIOD}").text
        compare = http.get(f"/console/stats/compare?{PERIOD}").text
        for key, html, query in [*((k, page, f"tenant=aarhus&{PERIOD}") for k in CHARTS),
                                 ("compare", compare, PERIOD), ("compare_rates", compare, PERIOD)]:
            response = http.get(f"/console/stats.csv?chart={key}&{query}")
            assert response.status_code == 200, key
            assert response.headers["content-type"].startswith("text/csv")
            assert "attachment" in response.headers["content-disposition"]
            data = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
            shown_table = [[shown(cell) for cell in row] for row in table(html, key)]
            assert [[c.removeprefix("'") for c in row] for row in data] == shown_table, key
            assert len(data) > 1, key  # the generated data reaches every chart


def test_bad_filters_give_a_clear_error(stats, live_server):
    with session_as(live_server, "aa-viewer", "aarhus") as http:
        bad = http.get("/console/stats?from=2021-13-01")
        assert bad.status_code == 400 and "2026-01-31" in bad.text
        backwards = http.get("/console/stats?from=2021-02-01&to=2021-01-01")
        assert backwards.status_code == 400 and "efter" in backwards.text
        assert http.get("/console/stats?channel=fax").status_code == 400
        assert http.get("/console/stats.csv?chart=nothing").status_code == 404
        assert http.get("/console/stats.csv?chart=month&from=x").status_code == 400


def test_the_chart_library_is_served_from_this_server(live_server):
    with httpx.Client(base_url=live_server.url) as http:
        script = http.get("/static/vendor/chart.umd.min.js")
        assert script.status_code == 200 and "Chart.js v4" in script.text[:200]
        assert http.get("/static/vendor/chart.js.LICENSE.md").status_code == 200
        assert http.get("/static/vendor/..%2Fwidget.js").status_code == 404
        assert http.get("/static/console_stats.js").status_code == 200
