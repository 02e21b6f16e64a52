"""The citizen page /t/{tenant}: the municipality's name, colours, AI notice, phone number and
the widget full-page, under the page CSP; a QR link's conversation opens there with the
letter's reference read from the conversation (escaped), never from the address; an unknown
municipality is a 404."""

from __future__ import annotations

from datetime import timedelta

from muni.store.conversations import ConversationRepository
from muni.store.tables import utcnow
from muni.store.tenants import TenantRepository


def _conversation(runtime, ref: str | None, age_minutes: float = 0) -> str:
    with runtime.db.session() as session:
        tenant = TenantRepository(session).by_slug("odense")
        row = ConversationRepository(session, tenant).create(channel="qr", channel_ref=ref)
        row.created_at = utcnow() - timedelta(minutes=age_minutes)
        return row.id


def test_the_citizen_page_carries_the_widget_of_its_municipality(client):
    page = client.get("/t/odense")
    assert page.status_code == 200
    assert "Odense Kommune" in page.text
    assert '<script src="/widget.js" data-tenant="odense" data-mode="page"' in page.text
    assert "data-muni-chat" in page.text and "data-conversation" not in page.text
    # the AI notice is the widget's (test_citizen_page_browser.py), not said twice
    assert 'href="tel:' in page.text  # the municipality's phone number
    assert '/t/odense/om-chatbotten' in page.text
    assert "Du kommer fra brevet" not in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_a_qr_conversation_opens_with_its_letter_reference_escaped(client, runtime):
    conversation = _conversation(runtime, "BREV-<b>17</b>")
    page = client.get(f"/t/odense?samtale={conversation}")
    assert f'data-conversation="{conversation}"' in page.text
    assert "Du kommer fra brevet <strong>BREV-&lt;b&gt;17&lt;/b&gt;</strong>" in page.text
    assert "<b>17</b>" not in page.text
    assert "history.replaceState" in page.text  # the id leaves the address bar


def test_the_reference_comes_only_from_the_conversation(client, runtime):
    plain = _conversation(runtime, None)
    page = client.get(f"/t/odense?samtale={plain}&ref=BREV-99&channel_ref=BREV-99")
    assert f'data-conversation="{plain}"' in page.text
    assert "BREV-99" not in page.text and "Du kommer fra brevet" not in page.text


def test_an_unknown_old_or_foreign_conversation_does_not_open(client, runtime):
    old = _conversation(runtime, "BREV-1", age_minutes=31)  # after the idle time (30 min)
    for samtale in (old, "0" * 32, "x" * 64):
        page = client.get(f"/t/odense?samtale={samtale}")
        assert page.status_code == 200
        assert "data-conversation" not in page.text and "Du kommer fra brevet" not in page.text
    foreign = _conversation(runtime, "BREV-2")  # an Odense conversation on Aarhus' page
    page = client.get(f"/t/aarhus?samtale={foreign}")
    assert "data-conversation" not in page.text and "BREV-2" not in page.text


def test_an_unknown_municipality_has_no_citizen_page(client):
    assert client.get("/t/nowhere").status_code == 404
