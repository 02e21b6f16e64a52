"""Handing a conversation over to a person in the contact centre, or a callback request."""
