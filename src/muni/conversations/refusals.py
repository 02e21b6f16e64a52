"""Why a citizen's request is not taken (too long, too many, unknown conversation, ...):
the exception every channel turns into its own error, with the reason in Danish and English."""

from __future__ import annotations


class TurnRefused(Exception):
    """The message is not answered (too long, too many, unknown conversation ...); the
    message says why in Danish and English."""

    def __init__(
        self, status: int, code: str, message: str, retry_after: int | None = None
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.retry_after = status, code, message, retry_after


def unknown_conversation() -> TurnRefused:
    return TurnRefused(404, "unknown_conversation", "Samtalen findes ikke. / Unknown conversation.")
