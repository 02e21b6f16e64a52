"""Any OpenAI-compatible chat endpoint: Azure OpenAI, vLLM, Ollama, llama.cpp / xllamacpp."""

from __future__ import annotations

import time
from collections.abc import Iterator

import openai

from muni.connectors.protocols import ChatModelError, Message


class OpenAICompatibleChat:
    def __init__(self, base_url: str, model: str, api_key: str = "not-needed") -> None:
        self.name = model
        self._client = openai.OpenAI(
            base_url=base_url, api_key=api_key or "not-needed", max_retries=0
        )

    def complete(self, messages: list[Message], *, max_tokens: int, timeout: float) -> str:
        try:
            response = self._client.chat.completions.create(
                model=self.name,
                messages=messages,
                max_tokens=max_tokens,
                temperature=0.1,
                timeout=timeout,
            )  # type: ignore[arg-type]
        except openai.OpenAIError as exc:
            raise ChatModelError(f"{type(exc).__name__}: {exc}") from exc
        return response.choices[0].message.content or ""

    def stream(self, messages: list[Message], *, max_tokens: int, timeout: float) -> Iterator[str]:
        deadline = time.monotonic() + timeout
        try:
            chunks = self._client.chat.completions.create(
                model=self.name,
                messages=messages,
                max_tokens=max_tokens,
                temperature=0.1,
                timeout=timeout,
                stream=True,
            )  # type: ignore[arg-type]
            for chunk in chunks:
                if time.monotonic() > deadline:
                    chunks.close()
                    raise ChatModelError("timeout while streaming")
                if chunk.choices and chunk.choices[0].delta.content:
                    yield chunk.choices[0].delta.content
        except openai.OpenAIError as exc:
            raise ChatModelError(f"{type(exc).__name__}: {exc}") from exc
