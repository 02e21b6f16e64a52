"""Voice: answers read aloud (speakable text), the widget's microphone and read-aloud routes,
which speech connectors a tenant uses, and the phone channel for a contact centre."""
