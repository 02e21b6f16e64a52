"""Danish addresses: taking them out of a citizen's message before redaction."""
