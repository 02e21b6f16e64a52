"""The content pack: topics, answers, phrasings, variables; loading, rendering and checks."""
