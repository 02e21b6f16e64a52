"""The boundaries muni talks to outside systems through."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

Message = dict[str, str]  # {"role": "system" | "user" | "assistant", "content": "..."}


class ChatModelError(RuntimeError):
    """The model could not answer (timeout, refused, unreachable): callers fall back."""


class ChatModel(Protocol):
    """A chat-completion model. Both calls raise ChatModelError on any failure."""

    name: str

    def complete(self, messages: list[Message], *, max_tokens: int, timeout: float) -> str: ...

    def stream(
        self, messages: list[Message], *, max_tokens: int, timeout: float
    ) -> Iterator[str]: ...
