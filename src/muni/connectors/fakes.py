"""In-memory fakes of the connector protocols, for unit tests (never a paid service)."""

from __future__ import annotations

from collections.abc import Iterator

from muni.connectors.protocols import ChatModelError, Message


class FakeChatModel:
    """Answers with the given replies in turn; records every request it was sent."""

    name = "fake-chat"

    def __init__(self, *replies: str, fail: bool = False) -> None:
        self.replies = list(replies)
        self.fail = fail
        self.requests: list[list[Message]] = []

    def _next(self, messages: list[Message]) -> str:
        self.requests.append(messages)
        if self.fail or not self.replies:
            raise ChatModelError("fake failure")
        return self.replies.pop(0)

    def complete(self, messages: list[Message], *, max_tokens: int, timeout: float) -> str:
        return self._next(messages)

    def stream(self, messages: list[Message], *, max_tokens: int, timeout: float) -> Iterator[str]:
        reply = self._next(messages)
        for i in range(0, len(reply), 7):
            yield reply[i : i + 7]
