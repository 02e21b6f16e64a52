"""Flows: conversations that do something over several turns (book a time, find the waste
pickup days for an address, show a logged-in citizen their own data)."""
