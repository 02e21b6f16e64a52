"""A streamed answer that takes long says "still working" (an SSE comment line) every few
seconds, so the widget's answer timeout tells a slow answer from a hung server."""

from __future__ import annotations

import time

import httpx

from muni.conversations.turns import Turns
from muni.web.routes import chat


def test_a_slow_answer_sends_heartbeats_then_the_answer(live_server, monkeypatch):
    monkeypatch.setattr(chat, "HEARTBEAT_SECONDS", 0.2)
    finish = Turns.finish

    def slow_finish(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        time.sleep(1.0)  # a slow language model
        return finish(self, *args, **kwargs)

    monkeypatch.setattr(Turns, "finish", slow_finish)
    with httpx.Client(base_url=live_server.url, timeout=30) as http:
        conversation = http.post("/api/tenants/aarhus/conversations", json={}).json()["id"]
        lines = []
        with http.stream("POST", f"/api/tenants/aarhus/conversations/{conversation}/messages",
                         params={"stream": "true"}, json={"text": "hvad koster et pas"}) as r:
            for line in r.iter_lines():
                lines.append(line)
    beats = [line for line in lines if line == ": working"]
    assert len(beats) >= 3  # about one per 0.2 s of the 1 s pause
    assert "event: answer" in lines and lines.index("event: answer") > lines.index(": working")
