"""Conversations: answering a citizen's turn (the one use case every channel calls)."""
