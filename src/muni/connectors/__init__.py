"""Connectors: adapters to outside systems behind small protocols (LLM now; booking later)."""
