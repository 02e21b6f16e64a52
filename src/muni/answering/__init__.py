"""The answer pipeline and its steps."""
